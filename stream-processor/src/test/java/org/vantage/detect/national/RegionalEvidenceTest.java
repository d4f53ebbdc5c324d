package org.vantage.detect.national;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.fixture.Statuses;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.RegionStatus;
import org.vantage.detect.model.RegionStreak;
import org.vantage.detect.model.RegionVerdict;
import org.vantage.detect.model.VerdictState;

class RegionalEvidenceTest {
    static final long MINUTE = 60_000;
    final RegionalEvidence regional =
            new RegionalEvidence(DetectionThresholds.defaults().national());
    final Map<String, RegionStreak> streaks = new HashMap<>();

    /** A mobile network whose probe(s) in {@code region} see control failing at {@code controlRate}. */
    static NetworkStatus mobile(long asn, String region, int probes, double controlRate, VerdictState own) {
        List<RegionVerdict> vs = List.of(
                new RegionVerdict(
                        "control",
                        own,
                        own == VerdictState.DISRUPTED ? 2 : 0,
                        controlRate,
                        probes,
                        controlRate > 0.5 ? probes : 0,
                        probes * 2L),
                new RegionVerdict("twitter", VerdictState.INSUFFICIENT_DATA, 0, controlRate, probes, 0, probes * 2L));
        List<RegionStatus> regions = new ArrayList<>();
        regions.add(new RegionStatus(region, probes, false, 0, vs));
        regions.add(RegionStatus.judged("Punjab", 5, 0, List.of()));
        return Statuses.status(asn, "MOBILE", VerdictState.OK).withRegions(regions);
    }

    List<RegionalEvidence.Finding> assess(long windowEnd, NetworkStatus... statuses) {
        return regional.assess(windowEnd, List.of(statuses), NetworkStatus::networkType, streaks);
    }

    @Test
    void oneProbePerOperatorIsTooFewAloneButThePooledMobileProbesOfTheRegionAreAnOutageOnceSustained() {
        NetworkStatus[] kpDown = {
            mobile(45669, "Khyber Pakhtunkhwa", 1, 1.0, VerdictState.INSUFFICIENT_DATA),
            mobile(59257, "Khyber Pakhtunkhwa", 1, 1.0, VerdictState.INSUFFICIENT_DATA),
            mobile(24499, "Khyber Pakhtunkhwa", 1, 1.0, VerdictState.INSUFFICIENT_DATA)
        };
        assertThat(assess(Statuses.WINDOW_END, kpDown))
                .as("first window: not sustained yet")
                .isEmpty();
        assertThat(assess(Statuses.WINDOW_END, kpDown))
                .as("the same window again counts once")
                .isEmpty();

        assertThat(assess(Statuses.WINDOW_END + MINUTE, kpDown))
                .as("second window: a region needs three (VANTAGE_REGION_SUSTAIN_WINDOWS)")
                .isEmpty();
        List<RegionalEvidence.Finding> third = assess(Statuses.WINDOW_END + 2 * MINUTE, kpDown);
        assertThat(third).singleElement().satisfies(f -> {
            assertThat(f.region()).isEqualTo("Khyber Pakhtunkhwa");
            assertThat(f.networkType()).isEqualTo("MOBILE");
            assertThat(f.outage()).isTrue();
            assertThat(f.probes()).isEqualTo(3);
            assertThat(f.affected()).extracting(RegionalEvidence.Member::asn).containsExactly(45669L, 59257L, 24499L);
            assertThat(f.onset()).as("start of the first failing window").isEqualTo(Statuses.WINDOW_START);
        });
    }

    @Test
    void twoFailingProbesAreNoFindingWhateverTheirShareOfThePool() {
        for (int i = 0; i < 5; i++) {
            assertThat(assess(
                            Statuses.WINDOW_END + i * MINUTE,
                            mobile(45669, "Sindh", 1, 1.0, VerdictState.INSUFFICIENT_DATA),
                            mobile(59257, "Sindh", 1, 1.0, VerdictState.INSUFFICIENT_DATA),
                            mobile(24499, "Sindh", 1, 0.0, VerdictState.INSUFFICIENT_DATA)))
                    .isEmpty();
        }
    }

    @Test
    void oneFailingProbeAmongThePooledProbesIsNoFinding() {
        for (int i = 0; i < 5; i++) {
            assertThat(assess(
                            Statuses.WINDOW_END + i * MINUTE,
                            mobile(45669, "Gilgit-Baltistan", 1, 1.0, VerdictState.INSUFFICIENT_DATA),
                            mobile(59257, "Gilgit-Baltistan", 1, 0.0, VerdictState.INSUFFICIENT_DATA),
                            mobile(24499, "Gilgit-Baltistan", 1, 0.0, VerdictState.INSUFFICIENT_DATA)))
                    .isEmpty();
        }
    }

    @Test
    void tooFewProbesInTheRegionEvenPooledIsNoFinding() {
        for (int i = 0; i < 5; i++) {
            assertThat(assess(
                            Statuses.WINDOW_END + i * MINUTE,
                            mobile(45669, "Gilgit-Baltistan", 1, 1.0, VerdictState.INSUFFICIENT_DATA),
                            mobile(59257, "Gilgit-Baltistan", 1, 1.0, VerdictState.INSUFFICIENT_DATA)))
                    .isEmpty();
        }
    }

    @Test
    void aNetworkWithEnoughProbesInTheRegionCountsByItsOwnSustainedVerdict() {
        List<RegionalEvidence.Finding> f = assess(
                Statuses.WINDOW_END,
                mobile(45669, "Sindh", 4, 1.0, VerdictState.DISRUPTED),
                mobile(59257, "Sindh", 6, 0.0, VerdictState.OK));
        assertThat(f)
                .singleElement()
                .satisfies(x -> assertThat(x.affected())
                        .extracting(RegionalEvidence.Member::asn)
                        .containsExactly(45669L));
    }

    @Test
    void aRegionAllOfWhosePooledProbesFellSilentIsAnOutageAtOnceAndOneLiveProbeThereIsNot() {
        NetworkStatus jazz = mobile(45669, "Balochistan", 1, 0, VerdictState.OK)
                .withRegions(List.of(new RegionStatus("Balochistan", 2, true, Statuses.WINDOW_START, List.of())));
        NetworkStatus zong = mobile(59257, "Balochistan", 1, 0, VerdictState.OK)
                .withRegions(
                        List.of(new RegionStatus("Balochistan", 1, true, Statuses.WINDOW_START + 5_000, List.of())));
        assertThat(assess(Statuses.WINDOW_END, jazz, zong)).singleElement().satisfies(f -> {
            assertThat(f.silent()).isTrue();
            assertThat(f.probes()).isEqualTo(3);
            assertThat(f.onset()).isEqualTo(Statuses.WINDOW_START);
        });
        NetworkStatus telenorLive = mobile(24499, "Balochistan", 1, 0.0, VerdictState.INSUFFICIENT_DATA);
        assertThat(assess(Statuses.WINDOW_END, jazz, zong, telenorLive)).isEmpty();
    }
}
