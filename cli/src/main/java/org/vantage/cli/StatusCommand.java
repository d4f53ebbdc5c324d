package org.vantage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vantage status CC}: the latest verdict per network and platform of one country, as a grid. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "What works in a country now: networks x platforms, latest verdicts.",
            "Networks (rows) by platforms (columns) with the latest verdict, and the open incidents, from the "
                    + "stream processor's API (GET /api/countries/{CC}/status)."
        },
        footer = {
            "",
            "Cells: ok = OK, ~ = DEGRADED, X = DISRUPTED, v = THROTTLED, ? = too few probes, - = no data, "
                    + "then the failure rate in percent. A silent network shows SILENT in every cell.",
            "Exit codes: 0 ok, 1 API unreachable or failing, 2 usage error."
        })
public final class StatusCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "CC",
            converter = Countries.class,
            description = "Country (ISO code), e.g. PK.")
    String country;

    @Mixin
    ApiOptions apiOptions;

    @Option(names = "--json", description = "Print the API's JSON answer.")
    boolean json;

    @Option(
            names = "--timeout",
            defaultValue = "3s",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Connect timeout, e.g. 3s (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        JsonNode body = new ApiClient(apiOptions.url(), timeout).get("/api/countries/" + country + "/status");
        spec.commandLine().getOut().print(json ? ApiClient.pretty(body) + "\n" : grid(body));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String symbol(String state) {
        return switch (state) {
            case "OK" -> "ok";
            case "DEGRADED" -> "~";
            case "DISRUPTED" -> "X";
            case "THROTTLED" -> "v";
            case "INSUFFICIENT_DATA" -> "?";
            default -> state;
        };
    }

    /** Platforms in a stable order: alphabetical, the control targets last. */
    static List<String> platforms(JsonNode networks) {
        TreeSet<String> names = new TreeSet<>();
        networks.forEach(n ->
                n.path("platforms").forEach(p -> names.add(p.path("platform").asText())));
        List<String> out = new ArrayList<>(names);
        if (out.remove("control")) {
            out.add("control");
        }
        return out;
    }

    static String grid(JsonNode body) {
        String cc = body.path("country").asText();
        JsonNode networks = body.path("networks");
        StringBuilder out = new StringBuilder();
        if (networks.isEmpty()) {
            out.append("No network status for ")
                    .append(cc)
                    .append(" yet: no probe measurements from this country reached the detector.\n");
        } else {
            List<String> platforms = platforms(networks);
            List<String> rowNames = new ArrayList<>();
            List<Map<String, String>> rows = new ArrayList<>();
            for (JsonNode n : networks) {
                rowNames.add(String.format(
                        Locale.ROOT,
                        "AS%d %s (%s)",
                        n.path("asn").asLong(),
                        n.path("name").asText(),
                        n.path("networkType").asText("?").toLowerCase(Locale.ROOT)));
                Map<String, String> cells = new LinkedHashMap<>();
                for (String p : platforms) {
                    cells.put(p, n.path("silent").asBoolean() ? "SILENT" : "-");
                }
                if (!n.path("silent").asBoolean()) {
                    n.path("platforms")
                            .forEach(v -> cells.put(
                                    v.path("platform").asText(),
                                    String.format(
                                            Locale.ROOT,
                                            "%s %.0f%%",
                                            symbol(v.path("state").asText()),
                                            v.path("failureRate").asDouble() * 100)));
                }
                rows.add(cells);
            }
            int first = Math.max(
                    "NETWORK".length(),
                    rowNames.stream().mapToInt(String::length).max().orElse(0));
            Map<String, Integer> width = new LinkedHashMap<>();
            for (String p : platforms) {
                int w = p.length();
                for (Map<String, String> r : rows) {
                    w = Math.max(w, r.get(p).length());
                }
                width.put(p, w);
            }
            TreeSet<String> starts = new TreeSet<>();
            TreeSet<String> ends = new TreeSet<>();
            networks.forEach(n -> {
                starts.add(n.path("windowStart").asText("?"));
                ends.add(n.path("windowEnd").asText("?"));
            });
            // ISO-8601 UTC strings sort in time order
            out.append(String.format(Locale.ROOT, "%s  latest windows %s .. %s%n%n", cc, starts.first(), ends.last()));
            StringBuilder header = new StringBuilder(pad("NETWORK", first));
            platforms.forEach(p -> header.append("  ").append(pad(p, width.get(p))));
            out.append(header.toString().stripTrailing()).append('\n');
            for (int i = 0; i < rows.size(); i++) {
                StringBuilder row = new StringBuilder(pad(rowNames.get(i), first));
                for (String p : platforms) {
                    row.append("  ").append(pad(rows.get(i).get(p), width.get(p)));
                }
                out.append(row.toString().stripTrailing()).append('\n');
            }
        }
        JsonNode open = body.path("openIncidents");
        out.append('\n');
        if (open.isEmpty()) {
            out.append("No open incident in ").append(cc).append(".\n");
        } else {
            out.append("Open incidents:\n");
            open.forEach(i -> out.append("  ")
                    .append(i.path("incidentId").asText())
                    .append("  ")
                    .append(i.path("headline").asText())
                    .append(" (since ")
                    .append(i.path("startTime").asText())
                    .append(")\n"));
        }
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
