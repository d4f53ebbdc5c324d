package org.vantage.detect.national;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vantage.detect.fixture.Statuses.down;
import static org.vantage.detect.fixture.Statuses.silent;
import static org.vantage.detect.fixture.Statuses.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.fixture.Fleet;
import org.vantage.detect.fixture.Statuses;
import org.vantage.detect.model.Candidate;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.Slot;
import org.vantage.detect.model.TechniqueFinding;
import org.vantage.detect.model.VerdictState;
import org.vantage.schema.Classification;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.Scope;
import org.vantage.schema.Technique;

class NationalAssessmentTest {
    final NationalAssessment national =
            new NationalAssessment(DetectionThresholds.defaults().national());
    final List<NetworkInfo> pk =
            Fleet.pakistan().stream().map(Fleet.Network::info).toList();

    NationalAssessment.Result assess(List<NetworkStatus> statuses, Set<String> global) {
        return national.assess("PK", Statuses.WINDOW_END, statuses, pk, global);
    }

    /** All seven Pakistani networks, the given ones replaced. */
    List<NetworkStatus> pakistan(NetworkStatus... overrides) {
        List<NetworkStatus> out = new ArrayList<>();
        for (Fleet.Network n : Fleet.pakistan()) {
            NetworkStatus s = status(n.asn(), n.type().name(), VerdictState.OK);
            for (NetworkStatus o : overrides) {
                if (o.asn() == n.asn()) {
                    s = o;
                }
            }
            out.add(s);
        }
        return out;
    }

    @Test
    void platformsDisruptedOnMostNetworksOfBothKindsAreARestrictionNationwide() {
        String[] four = {"twitter", "facebook", "instagram", "youtube"};
        var r = assess(
                pakistan(
                        status(45669, "MOBILE", VerdictState.DISRUPTED, four),
                        status(59257, "MOBILE", VerdictState.DISRUPTED, four),
                        status(24499, "MOBILE", VerdictState.DISRUPTED, four),
                        status(17557, "FIXED", VerdictState.DISRUPTED, four)),
                Set.of());
        Candidate c = r.candidates().get(Slot.PLATFORM);
        assertThat(c.classification()).isEqualTo(Classification.PLATFORM_RESTRICTION);
        assertThat(c.scope()).isEqualTo(Scope.NATIONWIDE);
        assertThat(c.platforms()).containsExactly(four);
        assertThat(c.asns()).containsExactly(17557L, 24499L, 45669L, 59257L);
        assertThat(c.affectedUserShare()).isEqualTo(0.85);
        assertThat(c.techniques()).extracting(TechniqueFinding::technique).containsExactly(Technique.TLS_SNI_FILTERING);
        assertThat(r.candidates()).doesNotContainKeys(Slot.NETWORK, Slot.GLOBAL);
        assertThat(r.platformVerdicts())
                .filteredOn(v -> v.platform().equals("twitter"))
                .singleElement()
                .satisfies(v -> assertThat(v.failing()).isTrue());
    }

    @Test
    void oneNetworkIsASingleNetworkScope() {
        Candidate c = assess(pakistan(status(23674, "FIXED", VerdictState.DISRUPTED, "youtube")), Set.of())
                .candidates()
                .get(Slot.PLATFORM);
        assertThat(c.scope()).isEqualTo(Scope.SINGLE_NETWORK);
    }

    @Test
    void allMobileNetworksDownWithFixedLinesWorkingIsMultiNetworkNotNationwide() {
        var r = assess(pakistan(down(45669, "MOBILE"), down(59257, "MOBILE"), down(24499, "MOBILE")), Set.of());
        Candidate c = r.candidates().get(Slot.NETWORK);
        assertThat(c.classification()).isEqualTo(Classification.NETWORK_OUTAGE);
        assertThat(c.scope()).isEqualTo(Scope.MULTI_NETWORK);
        assertThat(c.platforms()).isEmpty();
        assertThat(c.techniques()).extracting(TechniqueFinding::technique).containsExactly(Technique.CONNECTIVITY_LOSS);
        assertThat(r.candidates()).doesNotContainKey(Slot.PLATFORM);
    }

    @Test
    void regionalNetworksGiveARegionalScopeNamingTheRegions() {
        List<NetworkInfo> ref = new ArrayList<>(pk);
        ref.add(NetworkInfo.newBuilder()
                .setCountry("PK")
                .setAsn(64500)
                .setName("Karachi Fibre")
                .setRegions(List.of("Sindh"))
                .build());
        List<NetworkStatus> statuses =
                new ArrayList<>(pakistan(status(23674, "FIXED", VerdictState.DISRUPTED, "twitter")));
        statuses.add(status(64500, "FIXED", VerdictState.DISRUPTED, "twitter"));
        Candidate c = national.assess("PK", Statuses.WINDOW_END, statuses, ref, Set.of())
                .candidates()
                .get(Slot.PLATFORM);
        assertThat(c.scope()).isEqualTo(Scope.REGIONAL);
        assertThat(c.regions()).containsExactly("Islamabad", "Rawalpindi", "Sindh");
    }

    @Test
    void aSilentNetworkIsAnOutageWithProbeSilenceEvidence() {
        Candidate c =
                assess(pakistan(silent(59257, "MOBILE")), Set.of()).candidates().get(Slot.NETWORK);
        assertThat(c.scope()).isEqualTo(Scope.SINGLE_NETWORK);
        assertThat(c.immediate()).isTrue();
        assertThat(c.networks())
                .singleElement()
                .satisfies(n -> assertThat(n.silent()).isTrue());
        assertThat(c.techniques()).extracting(TechniqueFinding::technique).containsExactly(Technique.PROBE_SILENCE);
    }

    @Test
    void aPlatformTheGlobalStageReportsFailingEverywhereIsAGlobalOutage() {
        var r = assess(
                pakistan(
                        status(45669, "MOBILE", VerdictState.DISRUPTED, "youtube"),
                        status(17557, "FIXED", VerdictState.DISRUPTED, "youtube", "twitter")),
                Set.of("youtube"));
        assertThat(r.candidates().get(Slot.GLOBAL).platforms()).containsExactly("youtube");
        assertThat(r.candidates().get(Slot.GLOBAL).classification()).isEqualTo(Classification.GLOBAL_PLATFORM_OUTAGE);
        assertThat(r.candidates().get(Slot.PLATFORM).platforms()).containsExactly("twitter");
    }

    @Test
    void onlyThrottledPlatformsAreThrottling() {
        Candidate c = assess(
                        pakistan(
                                status(45669, "MOBILE", VerdictState.THROTTLED, "youtube"),
                                status(59257, "MOBILE", VerdictState.THROTTLED, "youtube")),
                        Set.of())
                .candidates()
                .get(Slot.PLATFORM);
        assertThat(c.classification()).isEqualTo(Classification.THROTTLING);
        assertThat(c.networks()).allSatisfy(n -> assertThat(n.latencyRatio()).isEqualTo(7.5));
    }

    @Test
    void healthyNetworksGiveNoCandidate() {
        assertThat(assess(pakistan(), Set.of()).candidates()).isEmpty();
    }

    /** A status whose probes in {@code region} see control fail (own verdict: enough probes there), the rest fine. */
    static NetworkStatus downIn(NetworkStatus s, String region) {
        return s.withRegions(List.of(
                new org.vantage.detect.model.RegionStatus(
                        region,
                        4,
                        false,
                        Statuses.WINDOW_END,
                        List.of(new org.vantage.detect.model.RegionVerdict(
                                "control", VerdictState.DISRUPTED, 2, 1.0, 4, 4, 8))),
                new org.vantage.detect.model.RegionStatus(
                        "Punjab",
                        6,
                        false,
                        Statuses.WINDOW_END,
                        List.of(new org.vantage.detect.model.RegionVerdict(
                                "control", VerdictState.OK, 0, 0.0, 6, 0, 12)))));
    }

    @Test
    void aRegionDownInsideNetworksThatWorkAsAWholeIsARegionalOutageWithThePopulationOfTheRegion() {
        Candidate c = assess(
                        pakistan(
                                downIn(status(45669, "MOBILE", VerdictState.OK), "Balochistan"),
                                downIn(status(59257, "MOBILE", VerdictState.OK), "Balochistan")),
                        Set.of())
                .candidates()
                .get(Slot.NETWORK);
        assertThat(c.scope()).isEqualTo(Scope.REGIONAL);
        assertThat(c.regions()).containsExactly("Balochistan");
        assertThat(c.asns()).containsExactly(45669L, 59257L);
        assertThat(c.networks()).allSatisfy(n -> assertThat(n.regions()).containsExactly("Balochistan"));
        assertThat(c.affectedRegions())
                .singleElement()
                .satisfies(r -> assertThat(r.populationShare()).isEqualTo(0.062));
        assertThat(c.regionsPopulationShare()).isEqualTo(0.062);
        // of each network's users, the 6.2 % of the population living in Balochistan
        assertThat(c.affectedUserShare())
                .isCloseTo(
                        0.062
                                * (c.networks().get(0).userShare()
                                        + c.networks().get(1).userShare()),
                        org.assertj.core.api.Assertions.within(0.002));
    }

    @Test
    void networksAffectedOnlyInARegionJoinTheOutageOfAWholeNetwork() {
        Candidate c = assess(
                        pakistan(
                                down(24499, "MOBILE"), downIn(status(45669, "MOBILE", VerdictState.OK), "Balochistan")),
                        Set.of())
                .candidates()
                .get(Slot.NETWORK);
        assertThat(c.scope()).isEqualTo(Scope.MULTI_NETWORK);
        assertThat(c.asns()).containsExactly(24499L, 45669L);
        assertThat(c.networks())
                .filteredOn(n -> n.asn() == 45669L)
                .singleElement()
                .satisfies(n -> assertThat(n.regions()).containsExactly("Balochistan"));
        assertThat(c.networks())
                .filteredOn(n -> n.asn() == 24499L)
                .singleElement()
                .satisfies(n -> assertThat(n.regions()).as("down as a whole").isEmpty());
    }
}
