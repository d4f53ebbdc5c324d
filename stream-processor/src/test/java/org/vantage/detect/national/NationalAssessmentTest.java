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
import org.vantage.detect.verdict.NetworkStatus;
import org.vantage.detect.verdict.VerdictState;
import org.vantage.schema.Classification;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.Scope;
import org.vantage.schema.Technique;

class NationalAssessmentTest {
    final NationalAssessment national = new NationalAssessment(DetectionThresholds.defaults());
    final List<NetworkInfo> pk = Fleet.pakistan().stream().map(Fleet.Network::info).toList();

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
        var r = assess(pakistan(status(45669, "MOBILE", VerdictState.DISRUPTED, four), status(59257, "MOBILE", VerdictState.DISRUPTED, four),
                status(24499, "MOBILE", VerdictState.DISRUPTED, four), status(17557, "FIXED", VerdictState.DISRUPTED, four)), Set.of());
        Candidate c = r.candidates().get(Slot.PLATFORM);
        assertThat(c.classification()).isEqualTo(Classification.PLATFORM_RESTRICTION);
        assertThat(c.scope()).isEqualTo(Scope.NATIONWIDE);
        assertThat(c.platforms()).containsExactly(four);
        assertThat(c.asns()).containsExactly(17557L, 24499L, 45669L, 59257L);
        assertThat(c.affectedUserShare()).isEqualTo(0.85);
        assertThat(c.techniques()).extracting(TechniqueFinding::technique).containsExactly(Technique.TLS_SNI_FILTERING);
        assertThat(r.candidates()).doesNotContainKeys(Slot.NETWORK, Slot.GLOBAL);
        assertThat(r.platformVerdicts()).filteredOn(v -> v.platform().equals("twitter")).singleElement()
                .satisfies(v -> assertThat(v.failing()).isTrue());
    }

    @Test
    void oneNetworkIsASingleNetworkScope() {
        Candidate c = assess(pakistan(status(23674, "FIXED", VerdictState.DISRUPTED, "youtube")), Set.of()).candidates().get(Slot.PLATFORM);
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
        ref.add(NetworkInfo.newBuilder().setCountry("PK").setAsn(64500).setName("Karachi Fibre").setRegions(List.of("Sindh")).build());
        List<NetworkStatus> statuses = new ArrayList<>(pakistan(status(23674, "FIXED", VerdictState.DISRUPTED, "twitter")));
        statuses.add(status(64500, "FIXED", VerdictState.DISRUPTED, "twitter"));
        Candidate c = national.assess("PK", Statuses.WINDOW_END, statuses, ref, Set.of()).candidates().get(Slot.PLATFORM);
        assertThat(c.scope()).isEqualTo(Scope.REGIONAL);
        assertThat(c.regions()).containsExactly("Islamabad", "Rawalpindi", "Sindh");
    }

    @Test
    void aSilentNetworkIsAnOutageWithProbeSilenceEvidence() {
        Candidate c = assess(pakistan(silent(59257, "MOBILE")), Set.of()).candidates().get(Slot.NETWORK);
        assertThat(c.scope()).isEqualTo(Scope.SINGLE_NETWORK);
        assertThat(c.immediate()).isTrue();
        assertThat(c.networks()).singleElement().satisfies(n -> assertThat(n.silent()).isTrue());
        assertThat(c.techniques()).extracting(TechniqueFinding::technique).containsExactly(Technique.PROBE_SILENCE);
    }

    @Test
    void aPlatformTheGlobalStageReportsFailingEverywhereIsAGlobalOutage() {
        var r = assess(pakistan(status(45669, "MOBILE", VerdictState.DISRUPTED, "youtube"),
                status(17557, "FIXED", VerdictState.DISRUPTED, "youtube", "twitter")), Set.of("youtube"));
        assertThat(r.candidates().get(Slot.GLOBAL).platforms()).containsExactly("youtube");
        assertThat(r.candidates().get(Slot.GLOBAL).classification()).isEqualTo(Classification.GLOBAL_PLATFORM_OUTAGE);
        assertThat(r.candidates().get(Slot.PLATFORM).platforms()).containsExactly("twitter");
    }

    @Test
    void onlyThrottledPlatformsAreThrottling() {
        Candidate c = assess(pakistan(status(45669, "MOBILE", VerdictState.THROTTLED, "youtube"),
                status(59257, "MOBILE", VerdictState.THROTTLED, "youtube")), Set.of()).candidates().get(Slot.PLATFORM);
        assertThat(c.classification()).isEqualTo(Classification.THROTTLING);
        assertThat(c.networks()).allSatisfy(n -> assertThat(n.latencyRatio()).isEqualTo(7.5));
    }

    @Test
    void healthyNetworksGiveNoCandidate() {
        assertThat(assess(pakistan(), Set.of()).candidates()).isEmpty();
    }
}
