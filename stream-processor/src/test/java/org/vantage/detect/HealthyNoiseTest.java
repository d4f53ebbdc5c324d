package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.detect.model.VerdictState;
import org.vantage.schema.Outcome;

class HealthyNoiseTest {
    static final Instant START = Instant.parse("2024-04-01T08:00:00Z");

    @Test
    void realisticNoiseOpensNoIncident() {
        Fleet fleet = Fleet.of(Fleet.pakistan(), 6, START);
        Fleet.Conditions noisy = (p, platform, minute, random) -> {
            if (p.id().equals("PK-17557-p2")) {
                return new Fleet.Result(Outcome.TCP_UNREACHABLE, 1); // a broken probe: everything fails
            }
            if (p.network().asn() == 24499 && p.index() < 2 && !platform.equals("control")) {
                return new Fleet.Result(Outcome.TLS_RESET, 100); // two probes faking a block
            }
            double r = random.nextDouble();
            if (r < 0.05) {
                return new Fleet.Result(Outcome.TCP_TIMEOUT, 10_000); // random timeouts
            }
            if (r < 0.07) {
                return new Fleet.Result(Outcome.DNS_SERVFAIL, 3_000);
            }
            return Fleet.Result.ok(150 + random.nextInt(400));
        };
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 20, noisy);

            assertThat(h.alerts()).isEmpty();
            // the noise was seen (the test traffic really is noisy), it just does not reach a verdict
            assertThat(h.statuses())
                    .anySatisfy(s -> assertThat(s.platforms())
                            .anySatisfy(v -> assertThat(v.failureRate()).isGreaterThan(0.2)));
            assertThat(h.statuses())
                    .allSatisfy(s -> assertThat(s.platforms()).noneMatch(v -> v.state() == VerdictState.DISRUPTED));
        }
    }
}
