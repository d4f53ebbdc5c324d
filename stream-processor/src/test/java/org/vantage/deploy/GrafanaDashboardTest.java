package org.vantage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard provisioned by docker-compose.yml: its JSON parses, every panel queries the provisioned
 * Prometheus datasource with PromQL that names metrics, and the provisioning files point where compose mounts
 * them. That the metrics exist is checked against a running processor by
 * {@link MonitoringQueriesUseExportedMetricsTest}.
 */
class GrafanaDashboardTest {
    final YAMLMapper yaml = new YAMLMapper();

    @Test
    void everyPanelQueriesTheProvisionedPrometheusWithPromQlThatNamesMetrics() throws Exception {
        JsonNode dashboard = Monitoring.dashboard();
        String datasourceUid = yaml.readTree(Monitoring.GRAFANA
                        .resolve("provisioning/datasources/prometheus.yml")
                        .toFile())
                .path("datasources")
                .get(0)
                .path("uid")
                .asText();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isEqualTo("Vantage operations");

        List<String> problems = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        int queried = 0;
        for (JsonNode panel : Monitoring.panels(dashboard)) {
            String title = panel.path("title").asText();
            if (!ids.add(panel.path("id").asInt())) {
                problems.add(
                        "panel '" + title + "' reuses id " + panel.path("id").asInt());
            }
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            if (!datasourceUid.equals(panel.path("datasource").path("uid").asText())) {
                problems.add("panel '" + title + "' does not use the provisioned datasource " + datasourceUid);
            }
            if (panel.path("targets").isEmpty()) {
                problems.add("panel '" + title + "' has no query");
            }
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                if (expr.isBlank() || Monitoring.metricNames(expr).isEmpty()) {
                    problems.add("panel '" + title + "' has a query naming no metric: '" + expr + "'");
                }
                queried++;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(queried).isGreaterThanOrEqualTo(10);
    }

    @Test
    void theProvisioningLoadsTheDashboardFromWhereComposeMountsIt() throws Exception {
        String dashboardsPath = yaml.readTree(Monitoring.GRAFANA
                        .resolve("provisioning/dashboards/vantage.yml")
                        .toFile())
                .path("providers")
                .get(0)
                .path("options")
                .path("path")
                .asText();
        JsonNode grafana = yaml.readTree(
                        Monitoring.DEPLOY.resolveSibling("docker-compose.yml").toFile())
                .path("services")
                .path("grafana");
        List<String> volumes = new ArrayList<>();
        grafana.path("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes)
                .contains(
                        "./deploy/grafana/dashboards:" + dashboardsPath + ":ro",
                        "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
        assertThat(Files.exists(Monitoring.DASHBOARD)).isTrue();
    }

    @Test
    void metricNamesAreReadFromPromQlWithoutFunctionsLabelsOrDurations() {
        assertThat(
                        Monitoring.metricNames(
                                "sum by (reason) (rate(vantage_records_invalid_total{reason=~\"LATE.*\", job=\"x\"}[$__rate_interval]))"))
                .containsExactly("vantage_records_invalid_total");
        assertThat(Monitoring.metricNames(
                        "time() - max by (country) (a_timestamp_seconds) > 600 and on(country) b_total offset 5m"))
                .containsExactly("a_timestamp_seconds", "b_total");
        assertThat(Monitoring.metricNames("increase(x_sum[15m]) / increase(x_count[15m]) > 3e2"))
                .containsExactly("x_count", "x_sum");
    }
}
