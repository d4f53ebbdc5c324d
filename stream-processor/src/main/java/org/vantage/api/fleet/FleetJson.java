package org.vantage.api.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.vantage.schema.FleetConfig;
import org.vantage.schema.Target;

/** The body of {@code GET /api/fleet}: a {@link FleetView} and the fleet configurations that apply. */
public final class FleetJson {
    private FleetJson() {}

    /** @param country the country asked for, or null for all */
    public static Map<String, Object> of(FleetView view, Map<String, FleetConfig> configs, String country) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("country", country);
        body.put("judgedAt", view.reference().toString());
        body.put("minProbes", view.minProbes());
        body.put("probes", view.probes());
        body.put("aliveProbes", view.aliveProbes());
        List<Map<String, Object>> networks = new ArrayList<>();
        for (FleetView.NetworkFleet n : view.networks()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("country", n.country());
            o.put("asn", n.asn());
            o.put("name", n.name());
            o.put("networkType", n.networkType());
            o.put("userShare", n.userShare());
            o.put("alive", n.alive());
            o.put("silent", n.silent());
            o.put("coverageGap", n.alive() < view.minProbes());
            o.put("versions", n.versions());
            List<Long> offsets = n.probes().stream()
                    .filter(FleetView.Probe::alive)
                    .map(FleetView.Probe::clockOffsetMs)
                    .filter(x -> x != null)
                    .toList();
            o.put("clockOffsetMinMs", offsets.stream().min(Long::compare).orElse(null));
            o.put("clockOffsetMaxMs", offsets.stream().max(Long::compare).orElse(null));
            o.put("worstClockOffsetMs", n.worstClockOffsetMs());
            o.put("measurementsPerMinute", n.measurementsPerMinute());
            List<Map<String, Object>> probes = new ArrayList<>();
            for (FleetView.Probe p : n.probes()) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("probeId", p.probeId());
                j.put("alive", p.alive());
                j.put("lastSeen", p.lastSeen().toString());
                j.put("version", p.version());
                j.put("clockOffsetMs", p.clockOffsetMs());
                j.put("measurementsPerMinute", p.measurementsPerMinute());
                j.put("spoolDepth", p.spoolDepth());
                j.put("configVersion", p.configVersion());
                j.put("simulated", p.simulated());
                probes.add(j);
            }
            o.put("probes", probes);
            networks.add(o);
        }
        body.put("networks", networks);
        List<Map<String, Object>> active = new ArrayList<>();
        configs.values().stream().filter(c -> appliesTo(c.getScope(), country)).forEach(c -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("scope", c.getScope());
            o.put("version", c.getVersion());
            o.put("issuedAt", c.getIssuedAt().toString());
            o.put("intervalMs", c.getIntervalMs());
            o.put("jitterMs", c.getJitterMs());
            o.put("concurrency", c.getConcurrency());
            o.put(
                    "platforms",
                    List.copyOf(new TreeSet<>(
                            c.getTargets().stream().map(Target::getPlatform).toList())));
            List<Map<String, Object>> targets = new ArrayList<>();
            for (Target t : c.getTargets()) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("platform", t.getPlatform());
                j.put("host", t.getHost());
                j.put("port", t.getPort());
                targets.add(j);
            }
            o.put("targets", targets);
            active.add(o);
        });
        body.put("fleetConfig", active);
        return body;
    }

    /** Configurations that apply to {@code country}: '*', the country, and its networks; all when null. */
    public static boolean appliesTo(String scope, String country) {
        return country == null || scope.equals("*") || scope.equals(country) || scope.startsWith(country + ":");
    }
}
