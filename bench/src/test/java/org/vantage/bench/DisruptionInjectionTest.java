package org.vantage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;

class DisruptionInjectionTest {
    private static final long MINUTE = 60_000;

    @Test
    void secondWindowEndsAtLeastTheEmitDelayBeforeNow() {
        long base = 1_700_000_040_000L - Math.floorMod(1_700_000_040_000L, MINUTE); // a window boundary
        // 30 s into a window: the window that just ended is complete and 30 s > 10 s + 1 s old
        assertThat(DisruptionInjection.secondWindowEnd(base + 30_000, MINUTE, 10_000)).isEqualTo(base);
        // 5 s into a window: the last boundary is too recent, so W2 is the window before
        assertThat(DisruptionInjection.secondWindowEnd(base + 5_000, MINUTE, 10_000)).isEqualTo(base - MINUTE);
        for (long now = base; now < base + 2 * MINUTE; now += 997) {
            long end = DisruptionInjection.secondWindowEnd(now, MINUTE, 10_000);
            assertThat(end % MINUTE).isZero();
            assertThat(end + 10_000).isLessThan(now);
        }
    }

    @Test
    void warmupIsHealthyAndEndsBeforeTheFirstFailingWindowOfAnyLaterInjection() {
        DisruptionInjection inj = new DisruptionInjection();
        for (long now = 1_700_000_000_000L; now < 1_700_000_000_000L + 2 * MINUTE; now += 1_337) {
            long start = DisruptionInjection.warmupStart(now, MINUTE, 10_000);
            List<Measurement> warm = inj.warmup(0, start);
            long lastWarm = warm.stream().mapToLong(m -> m.getEventTime().toEpochMilli()).max().getAsLong();
            for (long injectAt = now; injectAt < now + 3 * MINUTE; injectAt += 7_000) {
                long w1Start = DisruptionInjection.secondWindowEnd(injectAt, MINUTE, 10_000) - 2 * MINUTE;
                assertThat(lastWarm).isLessThan(w1Start);
            }
            // the warm-up's first window is complete (watermark past its end + emit delay), so it gets reported
            long firstWindowEnd = start - Math.floorMod(start, MINUTE) + MINUTE;
            assertThat(lastWarm).isGreaterThanOrEqualTo(firstWindowEnd + 10_000);
            // old enough to precede the injections, young enough for the detection's grace and age limits
            assertThat(now - start).isLessThan(6 * MINUTE);
        }
        List<Measurement> warm = inj.warmup(0, 1_700_000_000_000L);
        assertThat(warm).allMatch(m -> m.getOutcome() == Outcome.OK);
        assertThat(warm.stream().map(Measurement::getProbeId).distinct()).hasSize(DisruptionInjection.PROBES);
    }

    @Test
    void evidenceIsTwoFailingWindowsOfEnoughProbesWithHealthyControl() {
        DisruptionInjection inj = new DisruptionInjection();
        long w2End = 1_700_000_040_000L - Math.floorMod(1_700_000_040_000L, MINUTE);
        List<Measurement> ev = inj.evidence(3, w2End, MINUTE);
        for (long ws : new long[] {w2End - 2 * MINUTE, w2End - MINUTE}) {
            List<Measurement> window = ev.stream()
                    .filter(m -> m.getEventTime().toEpochMilli() >= ws && m.getEventTime().toEpochMilli() < ws + MINUTE).toList();
            List<Measurement> twitter = window.stream().filter(m -> m.getPlatform().equals("twitter")).toList();
            List<Measurement> control = window.stream().filter(m -> m.getPlatform().equals("control")).toList();
            Set<String> probes = twitter.stream().map(Measurement::getProbeId).collect(Collectors.toSet());
            assertThat(probes).hasSize(DisruptionInjection.PROBES);
            assertThat(twitter).allMatch(m -> m.getOutcome() == Outcome.TLS_RESET);
            assertThat(control).isNotEmpty().allMatch(m -> m.getOutcome() == Outcome.OK);
        }
        assertThat(ev).allMatch(m -> m.getEventTime().toEpochMilli() < w2End && m.getCountry().equals("CO")
                && m.getAsn() == DisruptionInjection.asn(3));
        Measurement last = inj.completing(3, w2End + 11_000);
        assertThat(last.getOutcome()).isEqualTo(Outcome.OK);
        assertThat(last.getEventTime().toEpochMilli()).isEqualTo(w2End + 11_000);
    }
}
