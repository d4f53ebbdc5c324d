package org.vantage.probe.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.schema.FleetConfig;
import org.vantage.schema.Target;
import org.vantage.topics.NetworkKey;

class FleetConfigSelectorTest {

    private static FleetConfig config(String scope, String version) {
        return FleetConfig.newBuilder()
                .setScope(scope)
                .setVersion(version)
                .setIssuedAt(Instant.EPOCH)
                .setTargets(List.of(Target.newBuilder()
                        .setPlatform("control")
                        .setHost("example.org")
                        .setUrl(null)
                        .setPort(443)
                        .setThroughputUrl(null)
                        .build()))
                .setIntervalMs(60_000)
                .setJitterMs(0)
                .setConcurrency(2)
                .build();
    }

    private final FleetConfigSelector selector = new FleetConfigSelector(new NetworkKey("PK", 17557));

    @Test
    void nothingSelectedUntilAMatchingScopeArrives() {
        assertThat(selector.selected()).isEmpty();
        assertThat(selector.apply("DE", config("DE", "de-1"))).isFalse();
        assertThat(selector.apply("PK:45669", config("PK:45669", "jazz-1"))).isFalse();
        assertThat(selector.selected()).isEmpty();
    }

    @Test
    void theMostSpecificScopeWinsWhateverTheOrder() {
        selector.apply("PK:17557", config("PK:17557", "ptcl-1"));
        selector.apply("*", config("*", "global-1"));
        selector.apply("PK", config("PK", "pk-1"));
        assertThat(selector.selected()).map(FleetConfig::getVersion).hasValue("ptcl-1");
    }

    @Test
    void aTombstoneFallsBackToTheNextScope() {
        selector.apply("*", config("*", "global-1"));
        selector.apply("PK", config("PK", "pk-1"));
        assertThat(selector.selected()).map(FleetConfig::getVersion).hasValue("pk-1");
        assertThat(selector.apply("PK", null)).isTrue();
        assertThat(selector.selected()).map(FleetConfig::getVersion).hasValue("global-1");
    }

    @Test
    void aNewerRecordForTheSameScopeReplacesTheOlder() {
        selector.apply("PK", config("PK", "pk-1"));
        selector.apply("PK", config("PK", "pk-2"));
        assertThat(selector.selected()).map(FleetConfig::getVersion).hasValue("pk-2");
    }
}
