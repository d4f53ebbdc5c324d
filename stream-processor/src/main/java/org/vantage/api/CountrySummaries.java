package org.vantage.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vantage.api.fleet.FleetView;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkInfo;

/**
 * Every country at a glance ({@code GET /api/countries}): networks watched, probes alive, networks with enough
 * probes to be judged, open incidents and when data last came, from the reference table, the fleet, the status
 * history and the incident log. Pure: views in, rows out. The global stage's incidents (country ZZ) are not a
 * country's and are left out.
 */
final class CountrySummaries {
    static final String GLOBAL = "ZZ";

    /**
     * @param networksWatched networks of the reference table plus those heard from
     * @param networksCovered networks with at least the minimum of alive probes the detector needs
     * @param openIncidents   open incidents' classifications, one per incident
     * @param lastWindowEnd   end of the newest judged window (event time), null when none
     * @param lastHeartbeat   publish time of the newest heartbeat, null when none
     */
    public record Row(
            String country,
            int networksWatched,
            int networksCovered,
            int probesAlive,
            int probesSilent,
            List<String> openIncidents,
            Instant lastWindowEnd,
            Instant lastHeartbeat) {

        /** As {@code GET /api/countries} gives it (instants as ISO strings). */
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("country", country);
            m.put("networksWatched", networksWatched);
            m.put("networksCovered", networksCovered);
            m.put("probesAlive", probesAlive);
            m.put("probesSilent", probesSilent);
            m.put("openIncidents", openIncidents);
            m.put("lastWindowEnd", lastWindowEnd == null ? null : lastWindowEnd.toString());
            m.put("lastHeartbeat", lastHeartbeat == null ? null : lastHeartbeat.toString());
            return m;
        }
    }

    private CountrySummaries() {}

    public static List<Row> of(
            Collection<NetworkInfo> reference,
            FleetView fleet,
            Map<String, Instant> lastHeard,
            Map<String, Long> newestWindowEnds,
            Collection<DisruptionAlert> openIncidents) {
        TreeSet<String> countries = new TreeSet<>();
        reference.forEach(n -> countries.add(n.getCountry()));
        fleet.networks().forEach(n -> countries.add(n.country()));
        countries.addAll(lastHeard.keySet());
        countries.addAll(newestWindowEnds.keySet());
        Map<String, List<String>> incidents = new TreeMap<>();
        for (DisruptionAlert a : openIncidents) {
            if (!GLOBAL.equals(a.getCountry())) {
                countries.add(a.getCountry());
                incidents
                        .computeIfAbsent(a.getCountry(), c -> new ArrayList<>())
                        .add(a.getClassification().name());
            }
        }
        countries.remove(GLOBAL);
        List<Row> rows = new ArrayList<>();
        for (String cc : countries) {
            int watched = 0;
            int covered = 0;
            int alive = 0;
            int silent = 0;
            for (FleetView.NetworkFleet n : fleet.networks()) {
                if (n.country().equals(cc)) {
                    watched++;
                    covered += n.alive() >= fleet.minProbes() ? 1 : 0;
                    alive += n.alive();
                    silent += n.silent();
                }
            }
            Long windowEnd = newestWindowEnds.get(cc);
            rows.add(new Row(
                    cc,
                    watched,
                    covered,
                    alive,
                    silent,
                    List.copyOf(incidents.getOrDefault(cc, List.of())),
                    windowEnd == null ? null : Instant.ofEpochMilli(windowEnd),
                    lastHeard.get(cc)));
        }
        return rows;
    }
}
