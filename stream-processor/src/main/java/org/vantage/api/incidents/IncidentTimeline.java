package org.vantage.api.incidents;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vantage.api.history.StatusHistory;

/**
 * An incident's timeline: one strip per network of the country, one cell per judged window between
 * {@code from} and {@code to}, coloured by the worst verdict among the incident's platforms (all platforms,
 * control included, when it names none, as for a network outage). Pure: history points in, strips out.
 */
public final class IncidentTimeline {
    /** Worst first: a silent network, then a disrupted, throttled, degraded, fine platform, then no judgement. */
    static final List<String> SEVERITY = List.of("SILENT", "DISRUPTED", "THROTTLED", "DEGRADED", "OK", "INSUFFICIENT_DATA", "NO_DATA");

    public record Cell(long windowStart, long windowEnd, String state) {
    }

    public record Strip(long asn, String networkType, List<Cell> cells) {
    }

    private IncidentTimeline() {
    }

    /**
     * @param points    the country's history (any order)
     * @param platforms the incident's platforms; empty for all
     * @param from      first window end shown (epoch ms, inclusive)
     * @param to        last window start shown (epoch ms, inclusive)
     */
    public static List<Strip> strips(List<StatusHistory.Point> points, Collection<String> platforms, long from, long to) {
        Map<Long, List<Cell>> cells = new TreeMap<>();
        Map<Long, String> types = new TreeMap<>();
        for (StatusHistory.Point p : points) {
            types.putIfAbsent(p.asn(), p.networkType());
            if (p.windowEnd() < from || p.windowStart() > to) {
                continue;
            }
            cells.computeIfAbsent(p.asn(), a -> new ArrayList<>()).add(new Cell(p.windowStart(), p.windowEnd(), state(p, platforms)));
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
            if ((platforms.isEmpty() || platforms.contains(v.platform())) && v.state() != null
                    && SEVERITY.indexOf(v.state()) >= 0 && SEVERITY.indexOf(v.state()) < SEVERITY.indexOf(worst)) {
                worst = v.state();
            }
        }
        return worst;
    }
}
