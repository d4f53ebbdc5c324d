package org.vantage.detect.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.model.AffectedNetworkEvidence;
import org.vantage.detect.model.Candidate;
import org.vantage.detect.model.IncidentState;
import org.vantage.detect.model.PastIncident;
import org.vantage.detect.model.Slot;
import org.vantage.detect.model.TechniqueFinding;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.Scope;
import org.vantage.schema.Technique;

class IncidentStateMachineTest {
    static final long T0 = 1_705_759_200_000L; // 2024-01-20T14:00Z
    static final long MIN = 60_000;
    final IncidentStateMachine machine =
            new IncidentStateMachine(DetectionThresholds.defaults().incident());
    final List<PastIncident> history = new ArrayList<>();
    final IncidentState state = IncidentState.idle(Slot.PLATFORM);

    static Candidate restriction(
            long windowStart, Classification c, Scope scope, List<String> platforms, long... asns) {
        List<AffectedNetworkEvidence> networks = new ArrayList<>();
        for (long asn : asns) {
            networks.add(new AffectedNetworkEvidence(
                    asn, "AS" + asn, "MOBILE", 0.2, platforms, 1.0, 0.0, null, 6, 12, false, List.of()));
        }
        return new Candidate(
                Slot.PLATFORM,
                c,
                scope,
                List.of(),
                platforms,
                networks,
                List.of(new TechniqueFinding(Technique.TLS_SNI_FILTERING, 1.0, 12, List.of("TLS_RESET"), null)),
                0.8,
                0.9,
                List.of("m1"),
                false,
                windowStart + MIN,
                windowStart - MIN);
    }

    Optional<IncidentChange> step(int minute, Candidate c) {
        long start = T0 + minute * MIN;
        return machine.step("PK", state, c, start, start + MIN, history);
    }

    Candidate block(int minute, long... asns) {
        return restriction(
                T0 + minute * MIN,
                Classification.PLATFORM_RESTRICTION,
                Scope.NATIONWIDE,
                List.of("twitter", "youtube"),
                asns);
    }

    @Test
    void opensWithAStableIdDerivedFromTheOnsetAndResolvesAfterSustainedRecovery() {
        IncidentChange opened = step(1, block(1, 1, 2)).orElseThrow();
        assertThat(opened.status()).isEqualTo(AlertStatus.OPENED);
        assertThat(opened.incidentId()).isEqualTo("PK-20240120-1400-restriction");
        assertThat(opened.sequence()).isEqualTo(1);
        assertThat(opened.startTime()).isEqualTo(T0);

        assertThat(step(2, block(2, 1, 2))).isEmpty();
        assertThat(step(3, null)).isEmpty();
        assertThat(step(4, null)).isEmpty();
        IncidentChange resolved = step(5, null).orElseThrow();
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.sequence()).isEqualTo(2);
        assertThat(resolved.endTime()).isEqualTo(T0 + 3 * MIN);
        assertThat(history)
                .singleElement()
                .satisfies(p -> assertThat(p.platforms()).containsExactly("twitter", "youtube"));
    }

    @Test
    void aFlappingSignalKeepsOneIncidentOpen() {
        step(1, block(1, 1));
        for (int m = 2; m < 12; m++) {
            assertThat(step(m, m % 3 == 0 ? null : block(m, 1))).isEmpty();
        }
        assertThat(state.open).isTrue();
        assertThat(state.sequence).isEqualTo(1);
    }

    @Test
    void updatesWhenNetworksJoinOrTheClassificationChangesButNotForAWindowlessWobble() {
        step(1, block(1, 1));
        IncidentChange joined = step(2, block(2, 1, 2)).orElseThrow();
        assertThat(joined.status()).isEqualTo(AlertStatus.UPDATED);
        assertThat(joined.sequence()).isEqualTo(2);
        // AS2 missing for one window: sticky membership, no update
        assertThat(step(3, block(3, 1))).isEmpty();
        IncidentChange throttled = step(
                        4,
                        restriction(
                                T0 + 4 * MIN,
                                Classification.THROTTLING,
                                Scope.NATIONWIDE,
                                List.of("twitter", "youtube"),
                                1,
                                2))
                .orElseThrow();
        assertThat(throttled.candidate().classification()).isEqualTo(Classification.THROTTLING);
        assertThat(throttled.incidentId()).isEqualTo(joined.incidentId());
    }

    @Test
    void anIncidentReopeningWithTheStartOfAnEarlierOneGetsAnIdOfItsOwn() {
        assertThat(step(1, block(1, 1, 2)).orElseThrow().incidentId()).isEqualTo("PK-20240120-1400-restriction");
        resolveAfter(2);
        // evidence again, whose onset is the same minute (the candidate's window is minute 1 again)
        IncidentChange second = machine.step("PK", state, block(1, 1, 2), T0 + 6 * MIN, T0 + 7 * MIN, history)
                .orElseThrow();
        assertThat(second.status()).isEqualTo(AlertStatus.OPENED);
        assertThat(second.startTime()).isEqualTo(T0);
        assertThat(second.incidentId()).isEqualTo("PK-20240120-1400-restriction-2");
        assertThat(second.sequence()).isEqualTo(1);
        resolveAfter(8);
        IncidentChange third = machine.step("PK", state, block(1, 1, 2), T0 + 12 * MIN, T0 + 13 * MIN, history)
                .orElseThrow();
        assertThat(third.incidentId())
                .as("the same rule, whatever the history holds, gives the same id in a replay")
                .isEqualTo("PK-20240120-1400-restriction-3");

        resolveAfter(14);
        history.clear(); // trimmed away: the slot's last resolved incident is still known, with the highest suffix
        IncidentChange fourth = machine.step("PK", state, block(1, 1, 2), T0 + 18 * MIN, T0 + 19 * MIN, history)
                .orElseThrow();
        assertThat(fourth.incidentId()).isEqualTo("PK-20240120-1400-restriction-4");
    }

    /** Three clean windows from {@code minute}: the open incident resolves. */
    private void resolveAfter(int minute) {
        assertThat(step(minute, null)).isEmpty();
        assertThat(step(minute + 1, null)).isEmpty();
        assertThat(step(minute + 2, null).orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
    }

    @Test
    void aRecurrenceNamesTheEarlierSimilarIncident() {
        step(1, block(1, 1, 2));
        step(2, null);
        step(3, null);
        step(4, null);
        IncidentChange again = step(30, block(30, 1, 2)).orElseThrow();
        assertThat(again.incidentId()).isEqualTo("PK-20240120-1429-restriction");
        assertThat(again.related()).singleElement().satisfies(r -> {
            assertThat(r.incidentId()).isEqualTo("PK-20240120-1400-restriction");
            assertThat(r.similarity()).isEqualTo(1.0);
        });
    }

    @Test
    void needsTheConfiguredNumberOfAssessmentsBeforeOpening() {
        DetectionThresholds d = DetectionThresholds.defaults();
        DetectionThresholds two = new DetectionThresholds(
                d.windowSize(),
                d.grace(),
                d.maxFutureSkew(),
                d.maxAge(),
                d.minProbes(),
                d.maxSamplesPerProbe(),
                d.probeWarmup(),
                d.disruptedFailureRate(),
                d.degradedFailureRate(),
                d.controlHealthyMax(),
                d.controlOutageRate(),
                d.throttleLatencyRatio(),
                d.baselineMinWindows(),
                d.baselineAlpha(),
                d.sustainWindows(),
                2,
                d.resolveAfterWindows(),
                d.nationwideUserShare(),
                d.globalMinCountries(),
                d.silenceAfter(),
                d.silenceCheckInterval(),
                d.countryWaitTimeout(),
                d.relatedMinSimilarity(),
                d.platforms());
        IncidentStateMachine slow = new IncidentStateMachine(two.incident());
        IncidentState s = IncidentState.idle(Slot.PLATFORM);
        assertThat(slow.step("PK", s, block(1, 1), T0 + MIN, T0 + 2 * MIN, history))
                .isEmpty();
        assertThat(slow.step("PK", s, block(2, 1), T0 + 2 * MIN, T0 + 3 * MIN, history))
                .isPresent();
    }

    static Candidate regional(long windowStart, Scope scope, List<String> regions, long... asns) {
        Candidate c = restriction(windowStart, Classification.NETWORK_OUTAGE, scope, List.of(), asns);
        return new Candidate(
                c.slot(),
                c.classification(),
                scope,
                regions,
                c.platforms(),
                c.networks(),
                c.techniques(),
                c.affectedUserShare(),
                c.confidence(),
                c.sampleMeasurementIds(),
                false,
                c.evidenceTime(),
                c.onsetTime());
    }

    @Test
    void aRegionalIncidentUpdatesWhenARegionJoinsAndWhenItIsNoLongerConfinedToRegionsKeepingItsId() {
        IncidentChange opened = step(1, regional(T0 + MIN, Scope.REGIONAL, List.of("Balochistan"), 1, 2, 3))
                .orElseThrow();
        IncidentChange secondRegion = step(
                        2,
                        regional(T0 + 2 * MIN, Scope.REGIONAL, List.of("Balochistan", "Khyber Pakhtunkhwa"), 1, 2, 3))
                .orElseThrow();
        assertThat(secondRegion.status()).isEqualTo(AlertStatus.UPDATED);
        assertThat(step(
                        3,
                        regional(T0 + 3 * MIN, Scope.REGIONAL, List.of("Balochistan", "Khyber Pakhtunkhwa"), 1, 2, 3)))
                .isEmpty();

        // the same three networks, now down as a whole: same members and same rank as REGIONAL, still a widening
        IncidentChange whole = step(4, regional(T0 + 4 * MIN, Scope.MULTI_NETWORK, List.of(), 1, 2, 3))
                .orElseThrow();
        assertThat(whole.status()).isEqualTo(AlertStatus.UPDATED);
        assertThat(whole.incidentId()).isEqualTo(opened.incidentId());
        assertThat(whole.candidate().scope()).isEqualTo(Scope.MULTI_NETWORK);
        IncidentChange nationwide = step(5, regional(T0 + 5 * MIN, Scope.NATIONWIDE, List.of(), 1, 2, 3))
                .orElseThrow();
        assertThat(nationwide.incidentId()).isEqualTo(opened.incidentId());
        assertThat(nationwide.candidate().scope()).isEqualTo(Scope.NATIONWIDE);
    }

    @Test
    void lateEvidenceCorrectsTheLastResolvedIncidentItsHistoryAndNothingOfAnotherNetwork() {
        step(1, block(1, 1, 2));
        step(2, block(2, 1, 2));
        step(3, null);
        step(4, null);
        IncidentChange resolved = step(5, null).orElseThrow();
        // network 1's probes show twitter blocked from 3:00 to 3:50 (3 probes), after the recorded end (3:00)
        org.vantage.detect.model.LateEvidence late = new org.vantage.detect.model.LateEvidence(
                12,
                T0 + 3 * MIN,
                T0 + 3 * MIN + 50_000,
                List.of(new org.vantage.detect.model.LateEvidence.Window(
                        T0 + 3 * MIN,
                        List.of(
                                new org.vantage.detect.model.LateEvidence.PlatformCount(
                                        "twitter", 6, 6, 3, T0 + 3 * MIN + 1_000, T0 + 3 * MIN + 50_000),
                                new org.vantage.detect.model.LateEvidence.PlatformCount("control", 6, 0, 0, 0, 0)))));

        assertThat(machine.late("PK", state, 9, late, history))
                .as("network 9 was not part of it")
                .isEmpty();
        List<IncidentChange> corrections = machine.late("PK", state, 1, late, history);

        assertThat(corrections).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(c.incidentId()).isEqualTo(resolved.incidentId());
            assertThat(c.sequence()).isEqualTo(resolved.sequence() + 1);
            assertThat(c.endTime()).isEqualTo(T0 + 3 * MIN + 50_000);
            assertThat(c.late().confirming()).isEqualTo(6);
            assertThat(c.late().networks()).containsExactly(1L);
        });
        assertThat(history)
                .singleElement()
                .satisfies(p -> assertThat(p.endTime()).isEqualTo(T0 + 3 * MIN + 50_000));
        assertThat(state.open).isFalse();
    }
}
