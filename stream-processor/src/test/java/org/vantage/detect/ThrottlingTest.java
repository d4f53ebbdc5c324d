package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vantage.detect.fixture.Fleet.healthy;
import static org.vantage.detect.fixture.Fleet.when;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Outcome;
import org.vantage.schema.Technique;

class ThrottlingTest {
    static final Instant START = Instant.parse("2024-02-17T10:00:00Z");

    @Test
    void platformsFiveToTenTimesSlowerThanBaselineWithControlNormalAreThrottling() {
        Fleet fleet = Fleet.of(Fleet.pakistan(), 5, START);
        // 5-10x slower, a few hard failures (timeouts) among them; control unaffected
        Fleet.Conditions slow = (p, platform, minute, random) -> random.nextDouble() < 0.05
                ? new Fleet.Result(Outcome.TCP_TIMEOUT, 10_000)
                : Fleet.Result.ok((200 + random.nextInt(100)) * (5 + random.nextInt(6)));
        Fleet.Conditions conditions = when(
                (p, platform, minute) ->
                        minute >= 10 && List.of("twitter", "youtube").contains(platform),
                slow,
                healthy(0.02));
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 16, conditions);
            List<DisruptionAlert> alerts = h.alerts();

            assertThat(alerts).isNotEmpty();
            DisruptionAlert opened = alerts.get(0);
            assertThat(opened.getStatus()).isEqualTo(AlertStatus.OPENED);
            assertThat(opened.getClassification()).isEqualTo(Classification.THROTTLING);
            assertThat(opened.getPlatforms()).containsExactly("twitter", "youtube");
            assertThat(opened.getNetworks())
                    .hasSize(7)
                    .allSatisfy(n -> assertThat(n.getLatencyRatio()).isGreaterThan(4.0));
            assertThat(opened.getTechniques()).extracting(t -> t.getTechnique()).contains(Technique.THROTTLING);
            assertThat(opened.getHeadline()).startsWith("X/Twitter and YouTube throttled nationwide in PK");
            assertThat(alerts).extracting(DisruptionAlert::getClassification).containsOnly(Classification.THROTTLING);
        }
    }
}
