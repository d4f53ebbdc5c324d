package org.vantage.ooni.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BridgeMetricsTest {

    @Test
    void prometheusSeesTheDocumentedNamesAndLabels() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Instant now = Instant.parse("2026-07-11T18:00:00Z");
        BridgeMetrics m = new BridgeMetrics(registry, Clock.fixed(now, ZoneOffset.UTC));
        m.country("PK");
        m.fetched("PK");
        m.published("PK", "whatsapp");
        m.skipped("empty_body", 2);
        m.newestPublished("PK", now.minusSeconds(90));
        m.newestPublished("PK", now.minusSeconds(600));
        m.retrying("list", "429", Duration.ofSeconds(1));
        m.failed("raw_measurement", "unreachable");
        m.poll("PK", "ok");
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("vantage_ooni_fetched_total{country=\"PK\"} 1.0")
                .contains("vantage_ooni_published_total{country=\"PK\",platform=\"whatsapp\"} 1.0")
                .contains("vantage_ooni_skipped_total{reason=\"empty_body\"} 2.0")
                .contains("vantage_ooni_lag_seconds{country=\"PK\"} 90.0")
                .contains("vantage_ooni_api_retries_total{cause=\"429\",endpoint=\"list\"} 1.0")
                .contains("vantage_ooni_api_errors_total{endpoint=\"raw_measurement\",kind=\"unreachable\"} 1.0")
                .contains("vantage_ooni_polls_total{country=\"PK\",result=\"ok\"} 1.0");
    }
}
