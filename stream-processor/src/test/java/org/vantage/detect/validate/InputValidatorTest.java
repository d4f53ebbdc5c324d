package org.vantage.detect.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.fixture.Measurements;
import org.vantage.detect.model.RejectReason;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;
import org.vantage.schema.ProbeHeartbeat;

class InputValidatorTest {
    final InputValidator validator =
            new InputValidator(DetectionThresholds.defaults().validation());
    final Measurement good = Measurements.of("p1", "twitter", Outcome.OK, 100);
    final long now = good.getEventTime().toEpochMilli() + 1_000;

    RejectReason reason(String key, Measurement m) {
        return validator.check(key, m, now).map(Rejection::reason).orElse(null);
    }

    Measurement with(java.util.function.Consumer<Measurement> change) {
        Measurement m = Measurement.newBuilder(good).build();
        change.accept(m);
        return m;
    }

    @Test
    void acceptsAGoodMeasurement() {
        assertThat(validator.check("PK:45669", good, now)).isEmpty();
    }

    @Test
    void theNetworkKeyMustBeExactlyCountryColonAsn() {
        assertThat(InputValidator.isNetworkKey("PK:45669", "PK", 45669)).isTrue();
        assertThat(InputValidator.isNetworkKey("PK:1", "PK", 1)).isTrue();
        assertThat(InputValidator.isNetworkKey("PK:4294967295", "PK", 4_294_967_295L))
                .isTrue();
        for (String wrong : new String[] {
            "PK:045669",
            "PK:45668",
            "PK:145669",
            "PK:5669",
            "IN:45669",
            "PK-45669",
            "PK:",
            "PK",
            "",
            "PK:45669 ",
            "PK:+45669",
            "pk:45669"
        }) {
            assertThat(InputValidator.isNetworkKey(wrong, "PK", 45669))
                    .as(wrong)
                    .isEqualTo(wrong.equals("PK:" + 45669));
        }
        assertThat(InputValidator.isNetworkKey(null, "PK", 45669)).isFalse();
    }

    @Test
    void namesWhatIsWrong() {
        assertThat(reason("PK:45669", with(m -> m.setPlatform("orkut")))).isEqualTo(RejectReason.UNKNOWN_PLATFORM);
        assertThat(reason("ZZ:45669", with(m -> m.setCountry("ZZ")))).isEqualTo(RejectReason.INVALID_COUNTRY);
        assertThat(reason("PK:0", with(m -> m.setAsn(0L)))).isEqualTo(RejectReason.ASN_OUT_OF_RANGE);
        assertThat(reason("PK:4294967296", with(m -> m.setAsn(4_294_967_296L))))
                .isEqualTo(RejectReason.ASN_OUT_OF_RANGE);
        assertThat(reason("PK:1", good)).isEqualTo(RejectReason.KEY_MISMATCH);
        assertThat(reason(null, good)).isEqualTo(RejectReason.KEY_MISMATCH);
        assertThat(reason("PK:45669", with(m -> m.setMeasurementId(" ")))).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(reason("PK:45669", with(m -> m.setEventTime(Instant.ofEpochMilli(now + 6 * 60_000)))))
                .isEqualTo(RejectReason.EVENT_TIME_IN_FUTURE);
        assertThat(reason("PK:45669", with(m -> m.setEventTime(Instant.ofEpochMilli(now + 4 * 60_000)))))
                .isNull();
        assertThat(reason("PK:45669", with(m -> m.setEventTime(Instant.ofEpochMilli(now - 25 * 3_600_000L)))))
                .isEqualTo(RejectReason.EVENT_TIME_TOO_OLD);
        assertThat(validator
                        .check("PK:45669", with(m -> m.setPlatform("orkut")), now)
                        .orElseThrow()
                        .headerValue())
                .startsWith("UNKNOWN_PLATFORM: platform 'orkut'");
    }

    @Test
    void checksHeartbeatsToo() {
        ProbeHeartbeat h = ProbeHeartbeat.newBuilder()
                .setProbeId("p")
                .setCountry("PK")
                .setAsn(45669)
                .setProbeVersion("t")
                .setEventTime(Instant.ofEpochMilli(now + 3_600_000))
                .setIntervalMs(60_000)
                .build();
        assertThat(validator.check("PK:45669", h, now).map(Rejection::reason))
                .contains(RejectReason.EVENT_TIME_IN_FUTURE);
    }
}
