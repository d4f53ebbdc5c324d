package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vantage.kafka.ClientProperties;

class StackEndpointsTest {

    @Test
    void clientsGetTheFileUnderTheEndpointsAndTheirOwnSettings() {
        StackEndpoints endpoints = new StackEndpoints(
                "kafka:9093",
                "https://registry:8081",
                ClientProperties.of(Map.of(
                        "security.protocol",
                        "SASL_SSL",
                        "basic.auth.user.info",
                        "reader:secret",
                        "bootstrap.servers",
                        "stale:9092",
                        "isolation.level",
                        "read_uncommitted")));
        assertThat(endpoints.clientConfig(Map.of("isolation.level", "read_committed")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "security.protocol",
                        "SASL_SSL",
                        "basic.auth.user.info",
                        "reader:secret",
                        "bootstrap.servers",
                        "kafka:9093",
                        "schema.registry.url",
                        "https://registry:8081",
                        "isolation.level",
                        "read_committed"));
        assertThat(new StackEndpoints("k:9092", "http://r:8081").clientConfig(Map.of()))
                .containsOnlyKeys("bootstrap.servers", "schema.registry.url");
    }
}
