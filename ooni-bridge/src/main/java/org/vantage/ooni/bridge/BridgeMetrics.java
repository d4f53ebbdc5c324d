package org.vantage.ooni.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vantage.ooni.api.ApiEvents;

/**
 * The bridge's meters. In Prometheus: {@code vantage_ooni_fetched_total{country}},
 * {@code vantage_ooni_published_total{country,platform}}, {@code vantage_ooni_skipped_total{reason}},
 * {@code vantage_ooni_lag_seconds{country}} (now minus the newest start time published),
 * {@code vantage_ooni_api_retries_total{endpoint,cause}}, {@code vantage_ooni_api_errors_total{endpoint,kind}},
 * {@code vantage_ooni_deferred_total{country}}, {@code vantage_ooni_polls_total{country,result}}.
 */
final class BridgeMetrics implements ApiEvents {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Instant> newest = new ConcurrentHashMap<>();

    BridgeMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Registers the per-country meters so they show 0 before anything happened. */
    void country(String country) {
        Counter.builder("vantage.ooni.fetched")
                .description("Measurement bodies fetched from OONI")
                .tag("country", country)
                .register(registry);
        Gauge.builder("vantage.ooni.lag", newest, n -> lagSeconds(n.get(country)))
                .description(
                        "Now minus the newest measurement_start_time published for the country (NaN before the first)")
                .baseUnit("seconds")
                .tag("country", country)
                .register(registry);
    }

    private double lagSeconds(Instant newestPublished) {
        return newestPublished == null
                ? Double.NaN
                : Duration.between(newestPublished, clock.instant()).toMillis() / 1000.0;
    }

    void fetched(String country) {
        registry.counter("vantage.ooni.fetched", "country", country).increment();
    }

    void published(String country, String platform) {
        Counter.builder("vantage.ooni.published")
                .description("Measurements published to vantage.measurements.v1")
                .tag("country", country)
                .tag("platform", platform)
                .register(registry)
                .increment();
    }

    void newestPublished(String country, Instant startTime) {
        newest.merge(country, startTime, (a, b) -> a.isAfter(b) ? a : b);
    }

    void skipped(String reason, int n) {
        Counter.builder("vantage.ooni.skipped")
                .description("Measurements skipped, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment(n);
    }

    void deferred(String country) {
        Counter.builder("vantage.ooni.deferred")
                .description("Bodies OONI kept failing on (5xx), asked for again next poll")
                .tag("country", country)
                .register(registry)
                .increment();
    }

    void poll(String country, String result) {
        registry.counter("vantage.ooni.polls", "country", country, "result", result)
                .increment();
    }

    @Override
    public void retrying(String endpoint, String cause, Duration delay) {
        Counter.builder("vantage.ooni.api.retries")
                .description("Requests to OONI's API retried")
                .tag("endpoint", endpoint)
                .tag("cause", cause)
                .register(registry)
                .increment();
    }

    @Override
    public void failed(String endpoint, String kind) {
        Counter.builder("vantage.ooni.api.errors")
                .description("Requests to OONI's API given up")
                .tag("endpoint", endpoint)
                .tag("kind", kind)
                .register(registry)
                .increment();
    }
}
