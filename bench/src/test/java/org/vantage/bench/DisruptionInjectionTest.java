package org.vantage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;

class DisruptionInjectionTest {
    private static final long MINUTE = 60_000;
    /** The detection's grace period: a window is judged once the network's clock is this far past its end. */
    private static final long GRACE = DetectionThresholds.defaults().grace().toMillis();

    @Test
    void secondWindowEndsAtLeastTheGraceBeforeNow() {
        long base = 1_700_000_040_000L - Math.floorMod(1_700_000_040_000L, MINUTE); // a window boundary
        // 70 s past a window's end: that window is complete and judged once a measurement of now arrives (70 s > 60 s +
        // 1 s)
        assertThat(DisruptionInjection.secondWindowEnd(base + 70_000, MINUTE, 60_000))
                .isEqualTo(base);
        // 61 s past it: its end is too recent, so W2 is the window before
        assertThat(DisruptionInjection.secondWindowEnd(base + 60_500, MINUTE, 60_000))
                .isEqualTo(base - MINUTE);
        for (long now = base; now < base + 2 * MINUTE; now += 997) {
            long end = DisruptionInjection.secondWindowEnd(now, MINUTE, GRACE);
            assertThat(end % MINUTE).isZero();
            assertThat(end + GRACE).isLessThan(now);
        }
    }

    @Test
    void warmupIsHealthyAndEndsBeforeTheFirstFailingWindowOfAnyLaterInjection() {
        DisruptionInjection inj = new DisruptionInjection();
        for (long now = 1_700_000_000_000L; now < 1_700_000_000_000L + 2 * MINUTE; now += 1_337) {
            long start = DisruptionInjection.warmupStart(now, MINUTE, GRACE);
            List<Measurement> warm = inj.warmup(0, start, DisruptionInjection.warmupSpan(MINUTE, GRACE));
            long lastWarm = warm.stream()
                    .mapToLong(m -> m.getEventTime().toEpochMilli())
                    .max()
                    .getAsLong();
            for (long injectAt = now; injectAt < now + 3 * MINUTE; injectAt += 7_000) {
                long w1Start = DisruptionInjection.secondWindowEnd(injectAt, MINUTE, GRACE) - 2 * MINUTE;
                assertThat(lastWarm).isLessThan(w1Start);
            }
            // the warm-up's first window is judged (watermark past its end + grace), so it gets reported
            long firstWindowEnd = start - Math.floorMod(start, MINUTE) + MINUTE;
            assertThat(lastWarm).isGreaterThanOrEqualTo(firstWindowEnd + GRACE);
            // old enough to precede the injections, yet minutes old only: live data
            assertThat(now - start).isLessThan(8 * MINUTE);
        }
        List<Measurement> warm = inj.warmup(0, 1_700_000_000_000L, DisruptionInjection.warmupSpan(MINUTE, GRACE));
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
                    .filter(m -> m.getEventTime().toEpochMilli() >= ws
                            && m.getEventTime().toEpochMilli() < ws + MINUTE)
                    .toList();
            List<Measurement> twitter = window.stream()
                    .filter(m -> m.getPlatform().equals("twitter"))
                    .toList();
            List<Measurement> control = window.stream()
                    .filter(m -> m.getPlatform().equals("control"))
                    .toList();
            Set<String> probes = twitter.stream().map(Measurement::getProbeId).collect(Collectors.toSet());
            assertThat(probes).hasSize(DisruptionInjection.PROBES);
            assertThat(twitter).allMatch(m -> m.getOutcome() == Outcome.TLS_RESET);
            assertThat(control).isNotEmpty().allMatch(m -> m.getOutcome() == Outcome.OK);
        }
        assertThat(ev)
                .allMatch(m -> m.getEventTime().toEpochMilli() < w2End
                        && m.getCountry().equals("CO")
                        && m.getAsn() == DisruptionInjection.asn(3));
        Measurement last = inj.completing(3, w2End + GRACE + 1_000);
        assertThat(last.getOutcome()).isEqualTo(Outcome.OK);
        assertThat(last.getEventTime().toEpochMilli()).isEqualTo(w2End + GRACE + 1_000);
    }
}
