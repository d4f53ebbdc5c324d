package org.vantage.api.incidents;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.vantage.api.history.StatusHistory;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.DisruptionAlert;

/**
 * An incident's timeline: one strip per network of the country, one cell per judged window between
 * {@code from} and {@code to}, coloured by the worst verdict among the incident's platforms (all platforms,
 * control included, when it names none, as for a network outage). Pure: incident and history points in,
 * strips (and the API's JSON body) out.
 */
public final class IncidentTimeline {
    /** Worst first: a silent network, then a disrupted, throttled, degraded, fine platform, then no judgement. */
    static final List<String> SEVERITY =
            List.of("SILENT", "DISRUPTED", "THROTTLED", "DEGRADED", "OK", "INSUFFICIENT_DATA", "NO_DATA");

    public record Cell(long windowStart, long windowEnd, String state) {}

    public record Strip(long asn, String networkType, List<Cell> cells) {}

    /** Margins around an incident's span: its onset and its end are seen against normal windows. */
    static final long BEFORE_MS = 30 * 60_000L;

    static final long AFTER_MS = 15 * 60_000L;

    private IncidentTimeline() {}

    /**
     * The body of {@code GET /api/incidents/{id}/timeline}: the incident's latest state and a strip per network of
     * its country from {@value #BEFORE_MS} ms before its start to {@value #AFTER_MS} ms after its end (or after the
     * newest window while it is open).
     *
     * @param names  network name by ASN
     * @param shares users' share by ASN, for the given ASNs
     */
    public static Map<String, Object> render(
            DisruptionAlert alert,
            List<StatusHistory.Point> points,
            LongFunction<String> names,
            Function<List<Long>, Map<Long, Double>> shares) {
        long start = alert.getStartTime().toEpochMilli();
        long newest =
                points.stream().mapToLong(StatusHistory.Point::windowEnd).max().orElse(start);
        long end = alert.getEndTime() != null ? alert.getEndTime().toEpochMilli() : newest;
        long from = start - BEFORE_MS;
        long to = end + AFTER_MS;
        Set<Long> affected = new HashSet<>();
        alert.getNetworks().forEach(n -> affected.add(n.getAsn()));
        List<Strip> timeline = strips(points, alert.getPlatforms(), from, to);
        Map<Long, Double> share = shares.apply(timeline.stream().map(Strip::asn).toList());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Strip strip : timeline) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("asn", strip.asn());
            m.put("name", names.apply(strip.asn()));
            m.put("networkType", strip.networkType());
            m.put("userShare", share.get(strip.asn()));
            m.put("affected", affected.contains(strip.asn()));
            m.put("cells", strip.cells());
            rows.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("incidentId", alert.getIncidentId());
        body.put("country", alert.getCountry());
        body.put("status", alert.getStatus() == AlertStatus.RESOLVED ? "RESOLVED" : "OPEN");
        body.put("classification", alert.getClassification().name());
        body.put("scope", alert.getScope().name());
        body.put("headline", alert.getHeadline());
        body.put("platforms", alert.getPlatforms());
        body.put("affectedUserShare", alert.getAffectedUserShare());
        body.put("confidence", alert.getConfidence());
        body.put("startTime", start);
        body.put(
                "endTime",
                alert.getEndTime() == null ? null : alert.getEndTime().toEpochMilli());
        body.put("from", from);
        body.put("to", to);
        body.put(
                "techniques",
                alert.getTechniques().stream()
                        .map(t -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("technique", t.getTechnique().name());
                            m.put("share", t.getShare());
                            m.put("measurements", t.getMeasurements());
                            m.put("outcomes", t.getOutcomes());
                            m.put("detail", t.getDetail());
                            return m;
                        })
                        .toList());
        body.put("sampleMeasurementIds", alert.getSampleMeasurementIds());
        body.put("strips", rows);
        return body;
    }

    /**
     * @param points    the country's history (any order)
     * @param platforms the incident's platforms; empty for all
     * @param from      first window end shown (epoch ms, inclusive)
     * @param to        last window start shown (epoch ms, inclusive)
     */
    public static List<Strip> strips(
            List<StatusHistory.Point> points, Collection<String> platforms, long from, long to) {
        Map<Long, List<Cell>> cells = new TreeMap<>();
        Map<Long, String> types = new TreeMap<>();
        for (StatusHistory.Point p : points) {
            types.putIfAbsent(p.asn(), p.networkType());
            if (p.windowEnd() < from || p.windowStart() > to) {
                continue;
            }
            cells.computeIfAbsent(p.asn(), a -> new ArrayList<>())
                    .add(new Cell(p.windowStart(), p.windowEnd(), state(p, platforms)));
        }
        List<Strip> out = new ArrayList<>();
        types.forEach((asn, type) -> {
            List<Cell> strip = new ArrayList<>(cells.getOrDefault(asn, List.of()));
            strip.sort((a, b) -> Long.compare(a.windowStart(), b.windowStart()));
            out.add(new Strip(asn, type, List.copyOf(strip)));
        });
        return out;
    }

    static String state(StatusHistory.Point p, Collection<String> platforms) {
        if (p.silent()) {
            return "SILENT";
        }
        String worst = "NO_DATA";
        for (StatusHistory.PlatformPoint v : p.platforms()) {
            if ((platforms.isEmpty() || platforms.contains(v.platform()))
                    && v.state() != null
                    && SEVERITY.indexOf(v.state()) >= 0
                    && SEVERITY.indexOf(v.state()) < SEVERITY.indexOf(worst)) {
                worst = v.state();
            }
        }
        return worst;
    }
}
