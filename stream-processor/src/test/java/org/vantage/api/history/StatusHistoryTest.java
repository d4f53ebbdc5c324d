package org.vantage.api.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.Statuses;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.VerdictState;

class StatusHistoryTest {
    static final long MINUTE = 60_000;

    /** The status of {@code asn} in the window starting {@code minute} minutes after the fixture's window. */
    static NetworkStatus at(long asn, int minute, int revision, VerdictState twitter) {
        NetworkStatus s = Statuses.status(asn, "MOBILE", twitter, "twitter");
        long start = s.windowStart() + minute * MINUTE;
        return new NetworkStatus(
                s.country(),
                asn,
                s.networkType(),
                start,
                start + MINUTE,
                revision,
                false,
                start + MINUTE,
                s.activeProbes(),
                s.platforms());
    }

    @Test
    void pointsComeOldestWindowFirstWithEachPlatformsVerdict() {
        StatusHistory history = new StatusHistory(Duration.ofHours(1), 1_000);
        history.add(at(45669, 1, 0, VerdictState.DISRUPTED));
        history.add(at(17557, 0, 0, VerdictState.OK));
        history.add(at(45669, 0, 0, VerdictState.OK));

        List<StatusHistory.Point> points = history.country("PK");
        assertThat(points)
                .extracting(p -> p.windowStart() - Statuses.WINDOW_START, StatusHistory.Point::asn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, 17557L),
                        org.assertj.core.groups.Tuple.tuple(0L, 45669L),
                        org.assertj.core.groups.Tuple.tuple(MINUTE, 45669L));
        StatusHistory.PlatformPoint twitter = points.get(2).platforms().stream()
                .filter(p -> p.platform().equals("twitter"))
                .findFirst()
                .orElseThrow();
        assertThat(twitter.state()).isEqualTo("DISRUPTED");
        assertThat(twitter.failureRate()).isEqualTo(1.0);
        assertThat(twitter.latencyMedianMs()).isEqualTo(200.0);
        assertThat(twitter.measurements()).isEqualTo(12);
        assertThat(history.country("IR")).isEmpty();
    }

    @Test
    void aWindowRejudgedWithLateDataReplacesTheEarlierJudgementAndAnOlderRevisionIsIgnored() {
        StatusHistory history = new StatusHistory(Duration.ofHours(1), 1_000);
        history.add(at(45669, 0, 0, VerdictState.OK));
        history.add(at(45669, 0, 2, VerdictState.DISRUPTED));
        history.add(at(45669, 0, 1, VerdictState.OK));

        assertThat(history.country("PK")).singleElement().satisfies(p -> {
            assertThat(p.revision()).isEqualTo(2);
            assertThat(p.platforms()).anySatisfy(v -> assertThat(v.state()).isEqualTo("DISRUPTED"));
        });
    }

    @Test
    void windowsOlderThanTheRetentionBeforeTheCountrysNewestAreForgottenAndLateOnesNotAdded() {
        StatusHistory history = new StatusHistory(Duration.ofMinutes(10), 1_000);
        for (int minute = 0; minute < 30; minute++) {
            history.add(at(45669, minute, 0, VerdictState.OK));
        }
        history.add(at(17557, 2, 0, VerdictState.OK)); // late and far older than the newest window

        List<StatusHistory.Point> points = history.country("PK");
        assertThat(points)
                .extracting(p -> (p.windowStart() - Statuses.WINDOW_START) / MINUTE)
                .containsExactly(19L, 20L, 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L);
    }

    @Test
    void aCountryKeepsAtMostItsMaximumOfPointsDroppingTheOldest() {
        StatusHistory history = new StatusHistory(Duration.ofDays(1), 5);
        for (int minute = 0; minute < 4; minute++) {
            history.add(at(45669, minute, 0, VerdictState.OK));
            history.add(at(17557, minute, 0, VerdictState.OK));
        }
        assertThat(history.country("PK"))
                .hasSize(5)
                .first()
                .satisfies(
                        p -> assertThat(p.windowStart() - Statuses.WINDOW_START).isEqualTo(MINUTE));
    }

    @Test
    void aRetentionThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new StatusHistory(Duration.ZERO, 10)).hasMessageContaining("positive");
    }
}
