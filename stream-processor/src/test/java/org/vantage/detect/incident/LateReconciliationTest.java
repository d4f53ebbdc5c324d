package org.vantage.detect.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.model.LateEvidence;
import org.vantage.schema.Classification;

class LateReconciliationTest {
    static final long MIN = 60_000;
    static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % MIN;
    final LateReconciliation r =
            new LateReconciliation(DetectionThresholds.defaults().lateEvidence());

    @Test
    void controlFailingOnEnoughProbesConfirmsAnOutageAndPushesItsEndToTheLastFailure() {
        LateEvidence ev = evidence(window(10, control(10, 10, 5)), window(11, control(10, 10, 5)));

        LateReconciliation.Result c = r.confirm(
                        ev, Classification.NETWORK_OUTAGE, Set.of(), T0 + 5 * MIN, T0 + 11 * MIN)
                .orElseThrow();

        assertThat(c.measurements()).isEqualTo(20);
        assertThat(c.confirming()).isEqualTo(20);
        assertThat(c.end(T0 + 11 * MIN)).isEqualTo(at(11) + 50_000);
        assertThat(c.start(T0 + 5 * MIN)).isEqualTo(T0 + 5 * MIN);
    }

    @Test
    void oneProbeLosingItsOwnConnectionConfirmsNothing() {
        LateEvidence ev = evidence(window(10, control(2, 2, 1)));

        assertThat(r.confirm(ev, Classification.NETWORK_OUTAGE, Set.of(), T0 + 5 * MIN, T0 + 11 * MIN))
                .isEmpty();
    }

    @Test
    void aFewFailuresAmongHealthyMeasurementsConfirmNothing() {
        LateEvidence ev = evidence(window(10, control(40, 4, 4)));

        assertThat(r.confirm(ev, Classification.NETWORK_OUTAGE, Set.of(), T0 + 5 * MIN, null))
                .isEmpty();
    }

    @Test
    void theEndMovesOnlyThroughLateWindowsThatFollowItWithoutAGap() {
        // confirming at minutes 11 and 12 (right after the recorded end at 11:00), then a healthy 13, then failing
        // again at 14
        LateEvidence ev = evidence(
                window(11, control(10, 10, 5)),
                window(12, control(10, 10, 5)),
                window(13, control(10, 0, 0)),
                window(14, control(10, 10, 5)));

        LateReconciliation.Result c = r.confirm(
                        ev, Classification.NETWORK_OUTAGE, Set.of(), T0 + 5 * MIN, T0 + 11 * MIN)
                .orElseThrow();

        assertThat(c.end(T0 + 11 * MIN)).isEqualTo(at(12) + 50_000);
        assertThat(c.confirming()).isEqualTo(20);
        assertThat(c.measurements())
                .as("the healthy window after the corrected end is not the incident's")
                .isEqualTo(20);
    }

    @Test
    void theStartMovesBackOnlyWithinTheOnsetWindows() {
        // the incident starts at 10:00; the onset windows are 8 and 9 (two sustain windows); 6 is too early
        LateEvidence ev =
                evidence(window(6, control(10, 10, 5)), window(9, control(10, 10, 5)), window(10, control(10, 10, 5)));

        LateReconciliation.Result c = r.confirm(
                        ev, Classification.NETWORK_OUTAGE, Set.of(), T0 + 10 * MIN, T0 + 12 * MIN)
                .orElseThrow();

        assertThat(c.start(T0 + 10 * MIN)).isEqualTo(at(9) + 1_000);
        assertThat(c.confirming()).isEqualTo(20);
    }

    @Test
    void aRestrictionIsConfirmedByItsOwnPlatformsWhileControlWorks() {
        LateEvidence blocked =
                evidence(window(10, control(10, 0, 0), platform("twitter", 10, 10, 5), platform("youtube", 10, 10, 5)));
        LateEvidence down = evidence(window(10, control(10, 10, 5), platform("twitter", 10, 10, 5)));

        LateReconciliation.Result c = r.confirm(
                        blocked, Classification.PLATFORM_RESTRICTION, Set.of("twitter"), T0 + 5 * MIN, null)
                .orElseThrow();
        assertThat(c.measurements()).isEqualTo(10);
        assertThat(c.confirming()).isEqualTo(10);
        assertThat(r.confirm(down, Classification.PLATFORM_RESTRICTION, Set.of("twitter"), T0 + 5 * MIN, null))
                .as("control failing too: the network, not the platform")
                .isEmpty();
    }

    @Test
    void throttlingIsNotJudgedFromLateData() {
        LateEvidence ev = evidence(window(10, platform("youtube", 10, 10, 5)));

        assertThat(r.confirm(ev, Classification.THROTTLING, Set.of("youtube"), T0 + 5 * MIN, null))
                .isEmpty();
    }

    static long at(int minute) {
        return T0 + minute * MIN;
    }

    static LateEvidence evidence(LateEvidence.Window... windows) {
        long n = 0;
        for (LateEvidence.Window w : windows) {
            n += w.platforms().stream()
                    .mapToLong(LateEvidence.PlatformCount::measurements)
                    .sum();
        }
        return new LateEvidence(
                n, windows[0].windowStart(), windows[windows.length - 1].windowStart() + 59_000, List.of(windows));
    }

    /** Counts of minute {@code minute}; failures between :01 and :50. */
    static LateEvidence.Window window(int minute, PlatformAt... platforms) {
        List<LateEvidence.PlatformCount> out = new ArrayList<>();
        for (PlatformAt p : platforms) {
            out.add(new LateEvidence.PlatformCount(
                    p.platform,
                    p.measurements,
                    p.failing,
                    p.probes,
                    p.failing == 0 ? 0 : at(minute) + 1_000,
                    p.failing == 0 ? 0 : at(minute) + 50_000));
        }
        return new LateEvidence.Window(at(minute), out);
    }

    static PlatformAt control(int measurements, int failing, int probes) {
        return platform(DetectionThresholds.CONTROL, measurements, failing, probes);
    }

    static PlatformAt platform(String platform, int measurements, int failing, int probes) {
        return new PlatformAt(platform, measurements, failing, probes);
    }

    record PlatformAt(String platform, int measurements, int failing, int probes) {}
}
