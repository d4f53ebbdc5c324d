package org.vantage.api.fleet;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet as gauges per country, for alerting on coverage (Prometheus rules in {@code deploy/alerts.yml}):
 * <ul>
 *   <li>{@code vantage_fleet_probes{country,state="alive"|"silent"}}: probes heard within the fleet window;</li>
 *   <li>{@code vantage_fleet_networks{country}}: networks watched (reference table) or heard from;</li>
 *   <li>{@code vantage_fleet_networks_below_min_probes{country}}: of those, networks with fewer alive probes
 *       than {@code vantage_fleet_min_probes} (the detector's VANTAGE_MIN_PROBES), which it cannot judge;</li>
 *   <li>{@code vantage_fleet_last_heartbeat_timestamp_seconds{country}}: publish time of the country's newest
 *       heartbeat, so that a country silent for longer than the window still shows how long.</li>
 * </ul>
 * Every instance reads every heartbeat, so all instances export the same values.
 */
public final class FleetMetrics {
    private final MultiGauge probes;
    private final MultiGauge networks;
    private final MultiGauge belowMin;
    private final MultiGauge lastHeard;

    public FleetMetrics(MeterRegistry registry, int minProbes) {
        Gauge.builder("vantage.fleet.min.probes", () -> minProbes)
                .description("Distinct alive probes a network needs to be judged (VANTAGE_MIN_PROBES)")
                .register(registry);
        probes = MultiGauge.builder("vantage.fleet.probes")
                .description("Probes heard within the fleet window, by country and state (alive or silent)")
                .register(registry);
        networks = MultiGauge.builder("vantage.fleet.networks")
                .description("Networks of a country in the reference table or heard from")
                .register(registry);
        belowMin = MultiGauge.builder("vantage.fleet.networks.below.min.probes")
                .description("Networks of a country with fewer alive probes than the detector needs")
                .register(registry);
        lastHeard = MultiGauge.builder("vantage.fleet.last.heartbeat.timestamp")
                .baseUnit("seconds")
                .description("Publish time (Unix seconds) of the newest heartbeat from a country")
                .register(registry);
    }

    /** Replaces every country's values with those of {@code view} (all countries) and {@code lastHeardByCountry}. */
    public void update(FleetView view, Map<String, Instant> lastHeardByCountry) {
        Map<String, int[]> byCountry = new TreeMap<>(); // alive, silent, networks, below minimum
        for (FleetView.NetworkFleet n : view.networks()) {
            int[] c = byCountry.computeIfAbsent(n.country(), k -> new int[4]);
            c[0] += n.alive();
            c[1] += n.silent();
            c[2]++;
        }
        for (FleetView.NetworkFleet gap : view.gaps()) {
            byCountry.computeIfAbsent(gap.country(), k -> new int[4])[3]++;
        }
        List<MultiGauge.Row<?>> probeRows = new ArrayList<>();
        List<MultiGauge.Row<?>> networkRows = new ArrayList<>();
        List<MultiGauge.Row<?>> belowRows = new ArrayList<>();
        byCountry.forEach((country, c) -> {
            probeRows.add(MultiGauge.Row.of(Tags.of("country", country, "state", "alive"), c[0]));
            probeRows.add(MultiGauge.Row.of(Tags.of("country", country, "state", "silent"), c[1]));
            networkRows.add(MultiGauge.Row.of(Tags.of("country", country), c[2]));
            belowRows.add(MultiGauge.Row.of(Tags.of("country", country), c[3]));
        });
        List<MultiGauge.Row<?>> heardRows = new ArrayList<>();
        lastHeardByCountry.forEach((country, at) ->
                heardRows.add(MultiGauge.Row.of(Tags.of("country", country), at.toEpochMilli() / 1000.0)));
        probes.register(probeRows, true);
        networks.register(networkRows, true);
        belowMin.register(belowRows, true);
        lastHeard.register(heardRows, true);
    }
}
