package org.vantage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.vantage.api.fleet.FleetJson;
import org.vantage.api.fleet.FleetView;
import org.vantage.config.CommandLineSettings;
import org.vantage.config.SettingsException;
import org.vantage.schema.FleetConfig;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.schema.Target;
import org.vantage.topics.VantageTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vantage fleet [CC]}: the probe fleet from recent heartbeats (vantage.heartbeats.v1, read from the
 * last {@code --since} with offsetsForTimes by a fresh group-less consumer), the coverage gaps, and the active
 * fleet configuration (compacted vantage.fleet-config.v1).
 */
@Command(
        name = "fleet",
        mixinStandardHelpOptions = true,
        modelTransformer = FleetCommand.SettingOptions.class,
        description = {
            "Probes per network, coverage gaps and the active fleet configuration.",
            "Probes per country and network from recent heartbeats (alive/silent, version, clock offset, "
                    + "measurements per minute), coverage gaps (networks with fewer alive probes than the detector "
                    + "needs) and the active fleet configuration (vantage.fleet-config.v1)."
        },
        footer = {
            "",
            "A probe is silent after " + FleetView.MISSED_INTERVALS + " missed heartbeat intervals.",
            "Exit codes: 0 ok, 1 Kafka or registry unreachable, 2 usage error."
        })
public final class FleetCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "CC",
            converter = Countries.class,
            description = "Only this country (ISO code), e.g. PK; all countries when omitted.")
    String country;

    @Option(
            names = "--since",
            defaultValue = "15m",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Read heartbeats from this far back (default ${DEFAULT-VALUE}).")
    Duration since;

    @Option(
            names = "--at",
            paramLabel = "INSTANT",
            description = "Judge the fleet as of this time (ISO-8601, e.g. 2024-01-20T13:45:00Z) instead of now: "
                    + "for replayed scenarios, whose heartbeats carry the scenario's clock.")
    Instant at;

    @Option(names = "--probes", description = "List every probe, not only the per-network summary.")
    boolean listProbes;

    @Option(names = "--json", description = "Print the fleet as JSON.")
    boolean json;

    @Mixin
    StackOptions stack;

    @Option(
            names = "--timeout",
            defaultValue = "10s",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Give up on an unreachable broker after this long (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        int min = minProbes();
        if (min < 1) {
            throw new IllegalArgumentException("--min-probes must be >= 1, got " + min);
        }
        StackEndpoints endpoints = stack.endpoints();
        KafkaReads kafka = new KafkaReads(endpoints, timeout);
        Instant now = at != null ? at : Instant.now();
        List<ProbeHeartbeat> heartbeats =
                kafka.between(VantageTopic.HEARTBEATS, ProbeHeartbeat.class, now.minus(since), now);
        Collection<NetworkInfo> reference =
                kafka.latestPerKey(VantageTopic.NETWORKS, NetworkInfo.class).values();
        Map<String, FleetConfig> configs = kafka.latestPerKey(VantageTopic.FLEET_CONFIG, FleetConfig.class);
        FleetView view = FleetView.of(heartbeats, reference, country, now, min);
        spec.commandLine()
                .getOut()
                .print(json ? json(view, configs, country) : text(view, configs, country, since, listProbes));
        if (heartbeats.isEmpty()) {
            // a replayed scenario stamps heartbeats with its own clock: point at it instead of showing nothing
            kafka.newestTimestamp(VantageTopic.HEARTBEATS)
                    .filter(t -> t.isBefore(now.minus(since)) || t.isAfter(now))
                    .ifPresent(t -> spec.commandLine()
                            .getErr()
                            .printf(
                                    "note: no heartbeats in the %s before %s; the newest is from %s (a replayed scenario?): "
                                            + "try --at %s%n",
                                    human(since),
                                    AlertFormatter.time(now),
                                    AlertFormatter.time(t),
                                    t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** {@code --min-probes}, else {@code VANTAGE_MIN_PROBES} (read as the stream processor reads it), else its default. */
    private int minProbes() {
        try {
            return CommandLineSettings.resolve(spec, OperatorSettings.FLEET).get(OperatorSettings.MIN_PROBES);
        } catch (SettingsException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Adds the options of {@link OperatorSettings#FLEET}. */
    static final class SettingOptions implements picocli.CommandLine.IModelTransformer {
        @Override
        public picocli.CommandLine.Model.CommandSpec transform(picocli.CommandLine.Model.CommandSpec command) {
            // picocli keeps one model transformer per command: this one adds the mixin's options too
            return CommandLineSettings.addOptions(
                    CommandLineSettings.addOptions(command, OperatorSettings.FLEET), OperatorSettings.STACK);
        }
    }

    /** Configurations that apply to {@code country}: '*', the country, and its networks; all when null. */
    static String text(
            FleetView view, Map<String, FleetConfig> configs, String country, Duration since, boolean probes) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Fleet %s: %d probes heard in the last %s, %d alive (judged at %s)%n%n",
                country == null ? "(all countries)" : country,
                view.probes(),
                human(since),
                view.aliveProbes(),
                AlertFormatter.time(view.reference())));
        if (view.networks().isEmpty()) {
            out.append("No probes and no reference networks")
                    .append(country == null ? "" : " for " + country)
                    .append(".\n");
        } else {
            out.append(String.format(
                    Locale.ROOT,
                    "%-9s %-24s %-8s %5s %6s  %-16s %12s %9s%n",
                    "NETWORK",
                    "NAME",
                    "TYPE",
                    "ALIVE",
                    "SILENT",
                    "VERSIONS",
                    "CLOCK OFFSET",
                    "MEAS/MIN"));
            for (FleetView.NetworkFleet n : view.networks()) {
                Long offset = n.worstClockOffsetMs();
                out.append(String.format(
                        Locale.ROOT,
                        "%-9s %-24s %-8s %5d %6d  %-16s %12s %9.1f%n",
                        n.country() + ":" + n.asn(),
                        cut(n.name(), 24),
                        n.networkType().toLowerCase(Locale.ROOT),
                        n.alive(),
                        n.silent(),
                        n.versions().isEmpty() ? "-" : cut(String.join(",", n.versions()), 16),
                        offset == null ? "-" : String.format(Locale.ROOT, "%+d ms", offset),
                        n.measurementsPerMinute()));
                if (probes) {
                    for (FleetView.Probe p : n.probes()) {
                        out.append(String.format(
                                Locale.ROOT,
                                "    %-28s %-6s last %s  v%s  offset %s  %.1f/min  spool %d%s%n",
                                p.probeId(),
                                p.alive() ? "alive" : "SILENT",
                                AlertFormatter.time(p.lastSeen()),
                                p.version(),
                                p.clockOffsetMs() == null ? "-" : p.clockOffsetMs() + " ms",
                                p.measurementsPerMinute(),
                                p.spoolDepth(),
                                p.simulated() ? "  (simulated)" : ""));
                    }
                }
            }
        }
        out.append('\n');
        if (view.gaps().isEmpty()) {
            out.append("Coverage: every network has at least ")
                    .append(view.minProbes())
                    .append(" alive probes.\n");
        } else {
            out.append("Coverage gaps (fewer than ")
                    .append(view.minProbes())
                    .append(" alive probes: the detector cannot judge these networks):\n");
            for (FleetView.NetworkFleet n : view.gaps()) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %s:%d %s: %d alive, needs %d more%n",
                        n.country(),
                        n.asn(),
                        n.name(),
                        n.alive(),
                        view.minProbes() - n.alive()));
            }
        }
        out.append('\n');
        List<FleetConfig> active = configs.values().stream()
                .filter(c -> FleetJson.appliesTo(c.getScope(), country))
                .sorted(java.util.Comparator.comparing(FleetConfig::getScope))
                .toList();
        if (active.isEmpty()) {
            out.append("Fleet configuration: none published on ")
                    .append(VantageTopic.FLEET_CONFIG.topicName())
                    .append(" (probes use their built-in target list).\n");
        } else {
            out.append("Fleet configuration (")
                    .append(VantageTopic.FLEET_CONFIG.topicName())
                    .append(", the most specific scope wins):\n");
            for (FleetConfig c : active) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %-10s version %s, issued %s: %d targets (%s), every %s +- %s, %d at once%n",
                        c.getScope(),
                        c.getVersion(),
                        AlertFormatter.time(c.getIssuedAt()),
                        c.getTargets().size(),
                        String.join(", ", platformsOf(c.getTargets())),
                        human(Duration.ofMillis(c.getIntervalMs())),
                        human(Duration.ofMillis(c.getJitterMs())),
                        c.getConcurrency()));
            }
        }
        return out.toString();
    }

    static String json(FleetView view, Map<String, FleetConfig> configs, String country) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("country", country);
        root.put("judged_at", view.reference().toString());
        root.put("min_probes", view.minProbes());
        ArrayNode networks = root.putArray("networks");
        for (FleetView.NetworkFleet n : view.networks()) {
            ObjectNode o = networks.addObject();
            o.put("country", n.country());
            o.put("asn", n.asn());
            o.put("name", n.name());
            o.put("network_type", n.networkType());
            o.put("user_share", n.userShare());
            o.put("alive", n.alive());
            o.put("silent", n.silent());
            o.put("coverage_gap", n.alive() < view.minProbes());
            n.versions().forEach(o.putArray("versions")::add);
            o.put("worst_clock_offset_ms", n.worstClockOffsetMs());
            o.put("measurements_per_minute", n.measurementsPerMinute());
            ArrayNode probes = o.putArray("probes");
            for (FleetView.Probe p : n.probes()) {
                ObjectNode j = probes.addObject();
                j.put("probe_id", p.probeId());
                j.put("alive", p.alive());
                j.put("last_seen", p.lastSeen().toString());
                j.put("version", p.version());
                j.put("clock_offset_ms", p.clockOffsetMs());
                j.put("measurements_per_minute", p.measurementsPerMinute());
                j.put("spool_depth", p.spoolDepth());
                j.put("config_version", p.configVersion());
                j.put("simulated", p.simulated());
            }
        }
        ArrayNode cfg = root.putArray("fleet_config");
        configs.values().stream()
                .filter(c -> FleetJson.appliesTo(c.getScope(), country))
                .forEach(c -> {
                    ObjectNode o = cfg.addObject();
                    o.put("scope", c.getScope());
                    o.put("version", c.getVersion());
                    o.put("issued_at", c.getIssuedAt().toString());
                    o.put("interval_ms", c.getIntervalMs());
                    o.put("jitter_ms", c.getJitterMs());
                    o.put("concurrency", c.getConcurrency());
                    ArrayNode targets = o.putArray("targets");
                    c.getTargets()
                            .forEach(t -> targets.addObject()
                                    .put("platform", t.getPlatform())
                                    .put("host", t.getHost())
                                    .put("port", t.getPort()));
                });
        return ApiClient.pretty(root) + "\n";
    }

    private static List<String> platformsOf(List<Target> targets) {
        return List.copyOf(
                new TreeSet<>(targets.stream().map(Target::getPlatform).toList()));
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "~";
    }

    static String human(Duration d) {
        if (d.toMillis() % 60_000 == 0 && d.toMinutes() > 0) {
            return d.toMinutes() + "m";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
