package org.vantage.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment's monitoring files (Prometheus alerting rules, Grafana provisioning and dashboard) as the tests
 * read them, and the metric names their PromQL expressions use.
 */
final class Monitoring {
    /** Tests run in the module's directory; the deployment files are at the repository's root. */
    static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();

    static final Path PROMETHEUS_CONFIG = DEPLOY.resolve("prometheus.yml");
    static final Path ALERT_RULES = DEPLOY.resolve("alerts.yml");
    static final Path ALERT_RULE_TESTS = DEPLOY.resolve("alerts.test.yml");
    static final Path GRAFANA = DEPLOY.resolve("grafana");
    static final Path DASHBOARD = GRAFANA.resolve("dashboards").resolve("vantage.json");

    /** A PromQL expression and where it comes from (rule or panel), for messages. */
    record Query(String source, String expr) {}

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "offset",
            "inf",
            "nan",
            "atan2");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private Monitoring() {}

    /** Every alerting rule's expression. */
    static List<Query> alertRules() throws IOException {
        JsonNode root = new YAMLMapper().readTree(ALERT_RULES.toFile());
        List<Query> out = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert")
                        ? rule.get("alert").asText()
                        : rule.path("record").asText();
                out.add(new Query("rule " + name, rule.path("expr").asText()));
            }
        }
        return out;
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(Files.readString(DASHBOARD));
    }

    /** Every panel target's expression (rows' nested panels included) and every template variable's metric. */
    static List<Query> dashboardQueries(JsonNode dashboard) {
        List<Query> out = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                out.add(new Query(
                        "panel '" + panel.path("title").asText() + "'",
                        target.path("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String query = variable.path("query").isObject()
                    ? variable.path("query").path("query").asText()
                    : variable.path("query").asText();
            Matcher m = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)")
                    .matcher(query);
            if (m.find()) {
                out.add(new Query("variable " + variable.path("name").asText(), m.group(1)));
            }
        }
        return out;
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            panel.path("panels").forEach(out::add);
        }
        return out;
    }

    /**
     * The metric names an expression selects: identifiers that are not functions, aggregations, keywords, label
     * names (in matchers or grouping clauses) or durations.
     */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\boffset\\s+\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String id = m.group(1);
            if (m.group(2) == null && !KEYWORDS.contains(id.toLowerCase())) {
                names.add(id);
            }
        }
        return names;
    }
}
