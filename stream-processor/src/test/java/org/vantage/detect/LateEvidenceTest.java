package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vantage.detect.fixture.Fleet.always;
import static org.vantage.detect.fixture.Fleet.healthy;
import static org.vantage.detect.fixture.Fleet.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Outcome;

/**
 * Measurements later than the grace period (probes' spools delivered after an outage cut them off) stay out of the live
 * windows but revise the record of the incidents they confirm, as in the mobile-shutdown scenario: the probes of a mobile
 * network fall silent, the outage opens on their silence and resolves when they come back, and then their spools deliver
 * the measurements they took inside it.
 */
class LateEvidenceTest {
    static final Instant START = Instant.parse("2024-03-02T13:00:00Z");
    static final long JAZZ = 45669;
    static final int CUT = 10;
    static final int BACK = 20;
    /** Inside the shutdown, nothing gets through: every measurement the probes take fails. */
    static final Fleet.Conditions SHUTDOWN = always(Outcome.DNS_TIMEOUT, 5_000);

    @Test
    void theSpoolsOfSilencedProbesCorrectTheResolvedOutageToItsRealEndWithOneAlert() {
        Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 4), 5, START);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            List<Fleet.Event> spool = liveRunWithJazzCutOff(h, fleet, SHUTDOWN);
            List<DisruptionAlert> live = h.alerts();
            DisruptionAlert resolved = live.get(live.size() - 1);
            assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(resolved.getClassification()).isEqualTo(Classification.NETWORK_OUTAGE);
            List<Fleet.Event> control = spool.stream()
                    .filter(e -> e.measurement().getPlatform().equals("control"))
                    .toList();
            long realEnd = control.stream().mapToLong(Fleet.Event::time).max().orElseThrow();
            assertThat(resolved.getEndTime().toEpochMilli())
                    .as("the live record ends before the outage did")
                    .isLessThan(realEnd);

            h.pipe(spool); // delivered from the probes' spools once they are back, long after grace
            h.pipe(spool); // and sent once more (the acknowledgement was lost)
            h.run(fleet, 30, 32, healthy(0.01));

            List<DisruptionAlert> corrections =
                    h.alerts().subList(live.size(), h.alerts().size());
            assertThat(corrections).singleElement().satisfies(c -> {
                assertThat(c.getIncidentId()).isEqualTo(resolved.getIncidentId());
                assertThat(c.getStatus()).isEqualTo(AlertStatus.RESOLVED);
                assertThat(c.getSequence()).isEqualTo(resolved.getSequence() + 1);
                assertThat(c.getEndTime().toEpochMilli()).isEqualTo(realEnd);
                assertThat(c.getStartTime())
                        .as("the silence began before the first spooled measurement")
                        .isEqualTo(resolved.getStartTime());
                assertThat(c.getLateEvidence().getMeasurements()).isEqualTo(control.size());
                assertThat(c.getLateEvidence().getConfirming()).isEqualTo(control.size());
                assertThat(c.getLateEvidence().getNetworks()).isEqualTo(1);
                assertThat(c.getLateEvidence().getFirstEventTime().toEpochMilli())
                        .isEqualTo(control.stream()
                                .mapToLong(Fleet.Event::time)
                                .min()
                                .orElseThrow());
                assertThat(c.getLateEvidence().getLastEventTime().toEpochMilli())
                        .isEqualTo(realEnd);
                assertThat(c.getPeak().getDurationMs())
                        .isEqualTo(realEnd - c.getStartTime().toEpochMilli());
                assertThat(c.getNetworks()).extracting(AffectedNetwork::getAsn).containsExactly(JAZZ);
            });
            assertThat(h.metrics.lateCount())
                    .as("the re-sent spool counted once")
                    .isEqualTo(spool.size());
            assertThat(h.metrics.duplicateCount()).isGreaterThanOrEqualTo(spool.size());
            assertThat(h.metrics.correctionCount()).isEqualTo(1.0);
            assertThat(h.deadLetters.readRecordsToList()).isEmpty();
        }
    }

    @Test
    void lateMeasurementsShowingAHealthyNetworkDoNotConfirmTheOutage() {
        Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 4), 5, START);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            // the probes lost their way to the detector, not the network its connectivity: what they spooled is healthy
            List<Fleet.Event> spool = liveRunWithJazzCutOff(h, fleet, healthy(0.01));
            List<DisruptionAlert> live = h.alerts();
            assertThat(live).extracting(DisruptionAlert::getStatus).contains(AlertStatus.OPENED, AlertStatus.RESOLVED);

            h.pipe(spool);
            h.run(fleet, 30, 32, healthy(0.01));

            assertThat(h.alerts()).hasSize(live.size());
            assertThat(h.metrics.lateCount()).isEqualTo(spool.size());
        }
    }

    @Test
    void lateDataOfANetworkWithoutAnIncidentRaisesNoAlert() {
        Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 2), 5, START);
        String cutOff = "PK-" + JAZZ + "-p0";
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, CUT, healthy(0.01));
            // one probe's uplink fails while the network works: its spool shows its own failures only
            List<Fleet.Event> spool = new ArrayList<>();
            for (int minute = CUT; minute < BACK; minute++) {
                for (Fleet.Event e :
                        fleet.round(minute, when((p, platform, m) -> p.id().equals(cutOff), SHUTDOWN, healthy(0.01)))) {
                    if (e.measurement() != null && e.measurement().getProbeId().equals(cutOff)) {
                        spool.add(e);
                    } else {
                        h.pipe(List.of(e));
                    }
                }
            }
            h.run(fleet, BACK, 27, healthy(0.01));
            h.pipe(spool);
            h.run(fleet, 27, 29, healthy(0.01));

            assertThat(h.alerts()).isEmpty();
            assertThat(h.metrics.lateCount()).isEqualTo(spool.size());
            assertThat(h.statuses().stream().filter(s -> s.isLate()).toList()).isNotEmpty();
        }
    }

    @Test
    void lateEvidenceOfAnOpenRestrictionUpdatesItAndStaysOnItsResolvedAlert() {
        Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 4), 6, START);
        // X/Twitter is blocked on Jazz from minute 6 to 16; three of Jazz's six probes cannot upload measurements from
        // minute 4 to 9 (their heartbeats get through), so the incident opens on the other three
        Fleet.Conditions block = when(
                (p, platform, minute) ->
                        p.network().asn() == JAZZ && platform.equals("twitter") && minute >= 6 && minute < 16,
                always(Outcome.TLS_RESET, 300),
                healthy(0.01));
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 4, block);
            List<Fleet.Event> spool = new ArrayList<>();
            for (int minute = 4; minute < 9; minute++) {
                for (Fleet.Event e : fleet.round(minute, block)) {
                    if (e.measurement() != null
                            && e.key().equals("PK:" + JAZZ)
                            && e.measurement().getProbeId().matches(".*-p[012]")) {
                        spool.add(e);
                    } else {
                        h.pipe(List.of(e));
                    }
                }
            }
            h.run(fleet, 9, 15, block);
            List<DisruptionAlert> live = h.alerts();
            assertThat(live).extracting(DisruptionAlert::getStatus).containsExactly(AlertStatus.OPENED);

            h.pipe(spool);
            h.run(fleet, 15, 16, block);
            List<DisruptionAlert> updated =
                    h.alerts().subList(live.size(), h.alerts().size());
            List<Fleet.Event> twitter = spool.stream()
                    .filter(e -> e.measurement().getPlatform().equals("twitter"))
                    .toList();
            List<Fleet.Event> blocked = twitter.stream()
                    .filter(e -> e.measurement().getOutcome() == Outcome.TLS_RESET)
                    .toList();
            assertThat(updated).singleElement().satisfies(u -> {
                assertThat(u.getStatus()).isEqualTo(AlertStatus.UPDATED);
                assertThat(u.getIncidentId()).isEqualTo(live.get(0).getIncidentId());
                assertThat(u.getEndTime()).isNull();
                assertThat(u.getLateEvidence().getMeasurements())
                        .as("the spooled X/Twitter measurements")
                        .isEqualTo(twitter.size());
                assertThat(u.getLateEvidence().getConfirming())
                        .as("those taken once the block began")
                        .isEqualTo(blocked.size());
            });

            h.run(fleet, 16, 24, block);
            DisruptionAlert resolved = h.alerts().get(h.alerts().size() - 1);
            assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(resolved.getLateEvidence()).isEqualTo(updated.get(0).getLateEvidence());
        }
    }

    /**
     * Minutes 0 to 30 of the fleet, Jazz's probes cut off from minute {@link #CUT} to {@link #BACK}: no heartbeat and no
     * measurement reaches the detector, what they measure (under {@code inside}) waits in their spools, returned.
     */
    private static List<Fleet.Event> liveRunWithJazzCutOff(DetectionHarness h, Fleet fleet, Fleet.Conditions inside) {
        h.run(fleet, 0, CUT, healthy(0.01));
        List<Fleet.Event> spool = new ArrayList<>();
        Fleet.Conditions conditions = when((p, platform, minute) -> p.network().asn() == JAZZ, inside, healthy(0.01));
        for (int minute = CUT; minute < BACK; minute++) {
            for (Fleet.Event e : fleet.round(minute, conditions)) {
                if (!e.key().equals("PK:" + JAZZ)) {
                    h.pipe(List.of(e));
                } else if (e.measurement() != null) {
                    spool.add(e);
                }
            }
        }
        h.run(fleet, BACK, 30, healthy(0.01));
        h.advanceWallClock(Duration.ofSeconds(1));
        return spool;
    }
}
