package org.vantage.detect.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vantage.detect.model.LateEvidence;

class LateTallyTest {
    static final long W = 1_700_000_040_000L;

    @Test
    void aMeasurementSentAgainAfterItsTallyWasDrainedIsStillADuplicate() {
        LateTally t = new LateTally();
        assertThat(t.add("m-1", "p-1", "control", true, W + 1_000, W, 5)).isEqualTo(LateTally.Added.COUNTED);
        assertThat(t.add("m-1", "p-1", "control", true, W + 1_000, W, 6)).isEqualTo(LateTally.Added.DUPLICATE);

        LateEvidence drained = t.drain(0);
        assertThat(drained.measurements()).isEqualTo(1);
        assertThat(t.pending()).isFalse();
        assertThat(t.add("m-1", "p-1", "control", true, W + 1_000, W, 7)).isEqualTo(LateTally.Added.DUPLICATE);
    }

    @Test
    void countsAreKeptPerWindowAndPlatformWithTheFailingProbesAndTimes() {
        LateTally t = new LateTally();
        t.add("m-1", "p-1", "control", true, W + 1_000, W, 5);
        t.add("m-2", "p-2", "control", true, W + 9_000, W, 5);
        t.add("m-3", "p-2", "control", true, W + 4_000, W, 5);
        t.add("m-4", "p-3", "control", false, W + 2_000, W, 5);
        t.add("m-5", "p-3", "twitter", false, W + 61_000, W + 60_000, 5);

        LateEvidence e = t.drain(0);

        assertThat(e.measurements()).isEqualTo(5);
        assertThat(e.firstEventTime()).isEqualTo(W + 1_000);
        assertThat(e.lastEventTime()).isEqualTo(W + 61_000);
        assertThat(e.windows()).extracting(LateEvidence.Window::windowStart).containsExactly(W, W + 60_000);
        assertThat(e.windows().get(0).platform("control"))
                .isEqualTo(new LateEvidence.PlatformCount("control", 4, 3, 2, W + 1_000, W + 9_000));
        assertThat(e.windows().get(1).platform("twitter"))
                .isEqualTo(new LateEvidence.PlatformCount("twitter", 1, 0, 0, 0, 0));
    }

    @Test
    void idsOlderThanTheHorizonAreForgottenAtTheDrainSoTheTallyCanGo() {
        LateTally t = new LateTally();
        t.add("m-1", "p-1", "control", true, W + 1_000, W, 5);

        t.drain(W + 2_000);

        assertThat(t.isEmpty()).isTrue();
    }

    @Test
    void theIdsRememberedAreBoundedOldestFirstOut() {
        LateTally t = new LateTally();
        for (int i = 0; i <= LateTally.MAX_IDS; i++) {
            t.add("m-" + i, "p-1", "control", false, W + i, W, 5);
        }

        assertThat(t.ids).hasSize(LateTally.MAX_IDS);
        assertThat(t.add("m-0", "p-1", "control", false, W, W, 5))
                .as("the oldest was forgotten")
                .isEqualTo(LateTally.Added.COUNTED);
        assertThat(t.add("m-" + LateTally.MAX_IDS, "p-1", "control", false, W, W, 5))
                .isEqualTo(LateTally.Added.DUPLICATE);
    }
}
