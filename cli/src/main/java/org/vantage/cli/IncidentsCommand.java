package org.vantage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vantage incidents}: open incidents and recently resolved ones, from the stream processor's API. */
@Command(
        name = "incidents",
        mixinStandardHelpOptions = true,
        description = {
            "Open and recent incidents, from the stream processor's API.",
            "Open ones first, then resolved ones, newest first (GET /api/incidents)."
        },
        footer = {"", "Exit codes: 0 ok, 1 API unreachable or failing, 2 usage error."})
public final class IncidentsCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ApiOptions apiOptions;

    @Option(
            names = {"-c", "--country"},
            paramLabel = "CC",
            converter = Countries.class,
            description = "Only this country (ISO code), e.g. PK.")
    String country;

    @Option(names = "--open", description = "Only open incidents.")
    boolean openOnly;

    @Option(
            names = "--limit",
            defaultValue = "20",
            paramLabel = "N",
            description = "At most N resolved incidents (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the incidents as JSON (the API's own fields).")
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
        ApiClient api = new ApiClient(apiOptions.url(), timeout);
        JsonNode body = api.get("/api/incidents" + (country == null ? "" : "?country=" + country));
        List<JsonNode> incidents = select(body.path("incidents"), openOnly, limit);
        if (json) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            incidents.forEach(out::add);
            ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
            wrapper.set("incidents", out);
            spec.commandLine().getOut().println(ApiClient.pretty(wrapper));
        } else {
            spec.commandLine().getOut().print(table(incidents, Instant.now()));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Open incidents first (oldest first), then resolved ones newest first, at most {@code limit} of those. */
    static List<JsonNode> select(JsonNode incidents, boolean openOnly, int limit) {
        List<JsonNode> open = new ArrayList<>();
        List<JsonNode> resolved = new ArrayList<>();
        incidents.forEach(i -> ("OPEN".equals(i.path("status").asText()) ? open : resolved).add(i));
        Comparator<JsonNode> byStart =
                Comparator.comparing(i -> i.path("startTime").asText(""));
        open.sort(byStart);
        resolved.sort(byStart.reversed());
        List<JsonNode> out = new ArrayList<>(open);
        if (!openOnly) {
            out.addAll(resolved.subList(0, Math.min(Math.max(limit, 0), resolved.size())));
        }
        return out;
    }

    static String table(List<JsonNode> incidents, Instant now) {
        if (incidents.isEmpty()) {
            return "No incidents.\n";
        }
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT, "%-9s %-3s %-20s  %-8s %s%n", "STATUS", "CC", "SINCE", "DURATION", "INCIDENT"));
        for (JsonNode i : incidents) {
            boolean open = "OPEN".equals(i.path("status").asText());
            Instant start = instant(i.path("startTime"));
            Instant end = open ? now : instant(i.path("endTime"));
            String duration =
                    start == null || end == null ? "?" : AlertFormatter.duration(Duration.between(start, end));
            out.append(String.format(
                    Locale.ROOT,
                    "%-9s %-3s %-20s  %-8s %s%n",
                    i.path("status").asText(),
                    i.path("country").asText(),
                    start == null ? "?" : AlertFormatter.time(start),
                    duration,
                    i.path("incidentId").asText()));
            if (open) {
                JsonNode ev = i.path("evidence");
                out.append("          ").append(i.path("headline").asText()).append('\n');
                out.append(String.format(
                        Locale.ROOT,
                        "          %s, %s, confidence %.0f%%, update #%d%n",
                        ev.path("classification").asText("?"),
                        ev.path("scope").asText("?"),
                        ev.path("confidence").asDouble() * 100,
                        i.path("sequence").asInt()));
                List<String> nets = new ArrayList<>();
                ev.path("networks")
                        .forEach(n -> nets.add(
                                n.path("name").asText() + " AS" + n.path("asn").asLong()));
                if (!nets.isEmpty()) {
                    out.append("          networks: ")
                            .append(String.join(", ", nets))
                            .append('\n');
                }
                if (i.path("relatedIncidents").size() > 0) {
                    out.append("          recurs: ")
                            .append(i.path("relatedIncidents").size())
                            .append(" similar earlier incident(s)\n");
                }
            } else {
                List<String> asns = new ArrayList<>();
                i.path("asns").forEach(a -> asns.add("AS" + a.asLong()));
                out.append("          platforms: ")
                        .append(strings(i.path("platforms")))
                        .append(asns.isEmpty() ? "" : "; networks: " + String.join(", ", asns))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static String strings(JsonNode array) {
        List<String> s = new ArrayList<>();
        array.forEach(v -> s.add(v.asText()));
        return s.isEmpty() ? "-" : String.join(", ", s);
    }

    private static Instant instant(JsonNode text) {
        if (text == null || text.isNull() || text.isMissingNode()) {
            return null;
        }
        try {
            return Instant.parse(text.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
