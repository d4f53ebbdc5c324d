package org.vantage.detect.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.fixture.Measurements;
import org.vantage.detect.model.PlatformVerdict;
import org.vantage.detect.model.VerdictState;
import org.vantage.detect.window.WindowSummary;
import org.vantage.schema.Outcome;

class NetworkVerdictTest {
    final NetworkVerdict judge =
            new NetworkVerdict(DetectionThresholds.defaults().verdict());

    /** A window of {@code probes} probes of which the first {@code failing} fail. */
    static WindowSummary window(String platform, int probes, int failing, Outcome failure, int okMs) {
        WindowSummary s = WindowSummary.empty("PK", 45669, platform, 0, 60_000);
        for (int i = 0; i < probes; i++) {
            s.add(Measurements.of("p" + i, platform, i < failing ? failure : Outcome.OK, okMs), 10, false);
        }
        return s;
    }

    static PlatformVerdict find(List<PlatformVerdict> vs, String platform) {
        return vs.stream()
                .filter(v -> v.platform().equals(platform))
                .findFirst()
                .orElseThrow();
    }

    Map<String, WindowSummary> windows(WindowSummary... ws) {
        Map<String, WindowSummary> m = new HashMap<>();
        for (WindowSummary w : ws) {
            m.put(w.platform, w);
        }
        return m;
    }

    @Test
    void aPlatformFailingWhileControlWorksIsDisruptedOnceSustained() {
        var ws = windows(window("twitter", 6, 6, Outcome.TLS_RESET, 200), window("control", 6, 0, Outcome.OK, 200));
        PlatformVerdict first = find(judge.judge(ws, Map.of(), Map.of()), "twitter");
        assertThat(first.state()).isEqualTo(VerdictState.DEGRADED);
        assertThat(first.abnormalWindows()).isEqualTo(1);

        PlatformVerdict second = find(judge.judge(ws, Map.of(), Map.of("twitter", 1)), "twitter");
        assertThat(second.state()).isEqualTo(VerdictState.DISRUPTED);
        assertThat(second.abnormalWindows()).isEqualTo(2);
        assertThat(second.confidence()).isEqualTo(1.0);
        assertThat(find(judge.judge(ws, Map.of(), Map.of("twitter", 1)), "control")
                        .state())
                .isEqualTo(VerdictState.OK);
    }

    @Test
    void whenControlFailsTooItIsTheNetworkNotThePlatform() {
        var ws = windows(
                window("twitter", 6, 6, Outcome.TCP_TIMEOUT, 200), window("control", 6, 6, Outcome.TCP_TIMEOUT, 200));
        List<PlatformVerdict> vs = judge.judge(ws, Map.of(), Map.of("twitter", 3, "control", 3));
        assertThat(find(vs, "control").state()).isEqualTo(VerdictState.DISRUPTED);
        assertThat(find(vs, "twitter").state()).isNotEqualTo(VerdictState.DISRUPTED);
    }

    @Test
    void aMinorityOfFailingProbesIsNoDisruption() {
        var ws = windows(window("twitter", 7, 2, Outcome.TLS_RESET, 200), window("control", 7, 0, Outcome.OK, 200));
        PlatformVerdict v = find(judge.judge(ws, Map.of(), Map.of("twitter", 5)), "twitter");
        assertThat(v.state()).isEqualTo(VerdictState.DEGRADED);
        assertThat(v.abnormalWindows()).isZero();
    }

    @Test
    void tooFewProbesCannotBeJudged() {
        var ws = windows(window("twitter", 2, 2, Outcome.TLS_RESET, 200));
        assertThat(find(judge.judge(ws, Map.of(), Map.of("twitter", 5)), "twitter")
                        .state())
                .isEqualTo(VerdictState.INSUFFICIENT_DATA);
    }

    @Test
    void farSlowerThanItsBaselineWithControlNormalIsThrottled() {
        Baseline normal = Baseline.empty();
        for (int i = 0; i < 5; i++) {
            normal.learn(200.0, 0.0, 0.2);
        }
        var ws = windows(window("youtube", 6, 0, Outcome.OK, 1600), window("control", 6, 0, Outcome.OK, 200));
        Map<String, Baseline> baselines = Map.of("youtube", normal, "control", normal);
        PlatformVerdict v = find(judge.judge(ws, baselines, Map.of("youtube", 1)), "youtube");
        assertThat(v.state()).isEqualTo(VerdictState.THROTTLED);
        assertThat(v.latencyRatio()).isEqualTo(8.0);

        // without a warm baseline (cold start) slowness is not judged
        assertThat(find(judge.judge(ws, Map.of(), Map.of("youtube", 1)), "youtube")
                        .state())
                .isEqualTo(VerdictState.OK);
    }

    @Test
    void onlyHealthyWindowsTeachTheBaseline() {
        var ws = windows(window("twitter", 6, 6, Outcome.TLS_RESET, 200), window("control", 6, 0, Outcome.OK, 200));
        List<PlatformVerdict> vs = judge.judge(ws, Map.of(), Map.of("twitter", 1));
        assertThat(judge.healthyForBaseline(find(vs, "twitter"), find(vs, "control")))
                .isFalse();
        assertThat(judge.healthyForBaseline(find(vs, "control"), find(vs, "control")))
                .isTrue();
    }
}
