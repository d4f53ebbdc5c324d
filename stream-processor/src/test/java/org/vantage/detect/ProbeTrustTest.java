package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.TrustSettings;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.detect.model.RejectReason;
import org.vantage.detect.validate.DeadLetter;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.topics.VantageTopic;
import org.vantage.trust.Enrollments;
import org.vantage.trust.ProbeCredentials;
import org.vantage.trust.ProbeIdentity;
import org.vantage.trust.RecordMac;

/**
 * Attacks on probe identity, each against the real topology: only records signed by an enrolled probe, with a key it
 * holds, for a network it is enrolled for, reach a window; everything else is dead-lettered with its reason.
 */
class ProbeTrustTest {
    static final Instant START = Instant.parse("2024-03-01T10:00:00Z");
    static final String MEASUREMENTS = VantageTopic.MEASUREMENTS.topicName();
    static final DetectionThresholds ENROLLED =
            DetectionThresholds.defaults().withTrust(new TrustSettings(TrustSettings.Mode.ENROLLED, 0.25, 0.5));
    static final DetectionThresholds OPEN =
            DetectionThresholds.defaults().withTrust(new TrustSettings(TrustSettings.Mode.OPEN, 0.25, 0.5));

    /** A block of the 2024 platforms from minute 3 on every network; control fine. */
    static final Fleet.Conditions BLOCK =
            (p, platform, minute, random) -> minute >= 3 && Fleet.BLOCKED_2024.contains(platform)
                    ? new Fleet.Result(Outcome.TLS_RESET, 60)
                    : Fleet.Result.ok(120);

    /** Two networks, five honest probes each, every one enrolled for its own network. */
    record Setup(Fleet fleet, DetectionHarness h, Map<String, ProbeCredentials> creds) implements AutoCloseable {
        static Setup of(DetectionThresholds t, boolean enrollHonest) {
            Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 2), 5, START);
            DetectionHarness h = new DetectionHarness(t, START);
            h.reference(fleet.networks());
            Map<String, ProbeCredentials> creds = new HashMap<>();
            if (enrollHonest) {
                for (Fleet.Probe p : fleet.probes()) {
                    creds.put(p.id(), h.enroll(p.id(), p.network().key()));
                }
            }
            return new Setup(fleet, h, creds);
        }

        Fleet.Network jazz() {
            return fleet.networks().get(0);
        }

        Fleet.Network zong() {
            return fleet.networks().get(1);
        }

        @Override
        public void close() {
            h.close();
        }
    }

    @Test
    void enrolledProbesDetectABlockAndTheAlertSaysAllItsProbesWereVerified() {
        try (Setup s = Setup.of(ENROLLED, true)) {
            s.h().run(s.fleet(), 0, 8, BLOCK);
            List<DisruptionAlert> alerts = s.h().alerts();
            assertThat(alerts).isNotEmpty();
            assertThat(alerts.get(0).getStatus()).isEqualTo(AlertStatus.OPENED);
            assertThat(alerts.get(0).getNetworks()).allSatisfy(n -> {
                assertThat(n.getProbes()).isEqualTo(5);
                assertThat(n.getVerifiedProbes()).isEqualTo(5);
            });
            assertThat(s.h().deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void withTrustOffAlertsLeaveVerifiedProbesUnknown() {
        try (Setup s = Setup.of(DetectionThresholds.defaults(), false)) {
            s.h().run(s.fleet(), 0, 8, BLOCK);
            assertThat(s.h().alerts())
                    .isNotEmpty()
                    .allSatisfy(a -> assertThat(a.getNetworks())
                            .extracting(AffectedNetwork::getVerifiedProbes)
                            .containsOnlyNulls());
        }
    }

    @Test
    void unsignedRecordsAreDeadLetteredAndNeverCounted() {
        try (Setup s = Setup.of(ENROLLED, false)) {
            s.h().run(s.fleet(), 0, 8, BLOCK);
            assertThat(s.h().alerts()).isEmpty();
            assertThat(s.h().statuses()).isEmpty();
            assertThat(s.h().metrics.measurementCount()).isZero();
            assertThat(reasons(s.h())).containsOnly(RejectReason.UNSIGNED.name());
            assertThat(s.h().metrics.invalidCount(RejectReason.UNSIGNED)).isPositive();
        }
    }

    @Test
    void aForgedSignatureIsRejected() {
        try (Setup s = Setup.of(ENROLLED, true)) {
            String victim = s.fleet().probes().get(0).id();
            Measurement m = measurement(victim, s.jazz(), 0, Outcome.TLS_RESET);
            Headers h = new RecordHeaders();
            h.add(RecordMac.PROBE_HEADER, victim.getBytes(StandardCharsets.UTF_8));
            h.add(RecordMac.KEY_HEADER, s.creds().get(victim).keyId().getBytes(StandardCharsets.UTF_8));
            h.add(RecordMac.MAC_HEADER, ProbeIdentity.newSecret()); // 32 random bytes
            s.h().pipeRaw(s.jazz().key(), m, START.toEpochMilli(), h);
            assertThat(reasons(s.h())).containsExactly(RejectReason.BAD_SIGNATURE.name());
            assertThat(s.h().metrics.measurementCount()).isZero();
        }
    }

    @Test
    void aValidRecordReplayedUnderAnotherNetworksKeyIsRejected() {
        try (Setup s = Setup.of(ENROLLED, true)) {
            ProbeCredentials jazzProbe = s.creds().get(s.fleet().probes().get(0).id());
            Measurement m = measurement(jazzProbe.probeId(), s.jazz(), 0, Outcome.TLS_RESET);
            byte[] value = s.h().serialize(m);
            Headers valid =
                    DetectionHarness.signed(jazzProbe, MEASUREMENTS, s.jazz().key(), value);
            // 1. the same bytes and headers under Zong's key: the MAC covers the key
            pipe(s.h(), s.zong().key(), value, valid);
            // 2. re-signed by a probe enrolled for Zong, under Zong's key: it names a probe that did not sign it
            ProbeCredentials zongProbe = s.creds().get(s.fleet().probes().get(5).id());
            pipe(
                    s.h(),
                    s.zong().key(),
                    value,
                    DetectionHarness.signed(zongProbe, MEASUREMENTS, s.zong().key(), value));
            assertThat(reasons(s.h()))
                    .containsExactly(RejectReason.BAD_SIGNATURE.name(), RejectReason.SIGNER_MISMATCH.name());
            assertThat(s.h().metrics.measurementCount()).isZero();
        }
    }

    @Test
    void aProbeEnrolledForOneNetworkCannotReportForAnother() {
        try (Setup s = Setup.of(ENROLLED, true)) {
            ProbeCredentials jazzProbe = s.creds().get(s.fleet().probes().get(0).id());
            Measurement m =
                    measurement(jazzProbe.probeId(), s.zong(), 0, Outcome.TLS_RESET); // claims Zong, correctly keyed
            byte[] value = s.h().serialize(m);
            pipe(
                    s.h(),
                    s.zong().key(),
                    value,
                    DetectionHarness.signed(jazzProbe, MEASUREMENTS, s.zong().key(), value));
            assertThat(reasons(s.h())).containsExactly(RejectReason.NETWORK_NOT_ENROLLED.name());
        }
    }

    @Test
    void aRevokedProbeCountsForNothingSignedOrNot() {
        try (Setup s = Setup.of(OPEN, true)) {
            ProbeCredentials c = s.creds().get(s.fleet().probes().get(0).id());
            s.h().publishEnrollment(Enrollments.revoke(
                    enrollment(s.h(), c, s.jazz()),
                    "test-operator",
                    "stolen",
                    Instant.ofEpochMilli(s.h().wallClock())));
            Measurement signed = measurement(c.probeId(), s.jazz(), 0, Outcome.TLS_RESET);
            byte[] value = s.h().serialize(signed);
            pipe(
                    s.h(),
                    s.jazz().key(),
                    value,
                    DetectionHarness.signed(c, MEASUREMENTS, s.jazz().key(), value));
            // stripping the signature does not turn it into an unenrolled probe of the open fleet either
            pipe(
                    s.h(),
                    s.jazz().key(),
                    s.h().serialize(measurement(c.probeId(), s.jazz(), 0, Outcome.TLS_RESET)),
                    new RecordHeaders());
            assertThat(reasons(s.h())).containsExactly(RejectReason.REVOKED_PROBE.name(), RejectReason.UNSIGNED.name());
            assertThat(s.h().metrics.measurementCount()).isZero();
        }
    }

    @Test
    void aFloodOfEnrollmentRequestsGrantsNothingAndChangesNoVerdict() {
        try (Setup s = Setup.of(ENROLLED, true)) {
            // 500 requests that reached the enrolled-probes topic itself (a misconfigured ACL): not approved, not
            // believed
            Fleet.Network jazz = s.jazz();
            for (int i = 0; i < 500; i++) {
                ProbeCredentials fake = ProbeCredentials.generate("flood-" + i);
                s.h().publishEnrollment(Enrollments.request(
                        fake,
                        List.of(jazz.key()),
                        "198.51.100." + (i % 250),
                        null,
                        Instant.ofEpochMilli(s.h().wallClock())));
                s.fleet().probes().add(new Fleet.Probe(fake.probeId(), jazz, 100 + i, "Punjab"));
                s.h().signWith(fake.probeId(), fake);
            }
            // the flood's probes all report the block; the honest ones see nothing
            s.h().run(
                            s.fleet(),
                            0,
                            8,
                            (p, platform, minute, random) -> p.id().startsWith("flood-")
                                    ? BLOCK.measure(p, platform, 5, random)
                                    : Fleet.Result.ok(120));
            assertThat(s.h().alerts()).isEmpty();
            assertThat(reasons(s.h())).containsOnly(RejectReason.UNKNOWN_PROBE.name());
        }
    }

    @Test
    void aKeyRotatedMidIncidentLosesNothingAndTheOldKeyEndsAtItsCutOver() {
        try (Setup s = Setup.of(ENROLLED, true)) {
            s.h().run(s.fleet(), 0, 8, BLOCK);
            assertThat(s.h().alerts()).extracting(DisruptionAlert::getStatus).contains(AlertStatus.OPENED);
            // every probe gets a new key; for two minutes they still send with the old one (spooled records)
            Map<String, ProbeCredentials> rotated = new HashMap<>();
            for (Fleet.Probe p : s.fleet().probes()) {
                ProbeCredentials old = s.creds().get(p.id());
                ProbeCredentials next = old.rotated();
                s.h().publishEnrollment(s.h().approve(
                                next,
                                enrollment(s.h(), old, p.network()),
                                p.network().key()));
                rotated.put(p.id(), next);
            }
            s.h().run(s.fleet(), 8, 10, BLOCK);
            rotated.forEach(s.h()::signWith);
            s.h().run(s.fleet(), 10, 14, BLOCK);
            assertThat(s.h().deadLetters.isEmpty())
                    .as("no record lost to the rotation")
                    .isTrue();
            assertThat(s.h().alerts()).extracting(DisruptionAlert::getStatus).doesNotContain(AlertStatus.RESOLVED);
            // after the cut-over (10 minutes in this fixture) the old key is refused
            s.h().advanceWallClock(Duration.ofMinutes(11));
            ProbeCredentials stale = s.creds().get(s.fleet().probes().get(0).id());
            long later = s.h().wallClock();
            Measurement m = measurement(stale.probeId(), s.jazz(), 0, Outcome.TLS_RESET);
            m.setEventTime(Instant.ofEpochMilli(later));
            byte[] value = s.h().serialize(m);
            pipe(
                    s.h(),
                    s.jazz().key(),
                    value,
                    DetectionHarness.signed(stale, MEASUREMENTS, s.jazz().key(), value));
            assertThat(reasons(s.h())).containsExactly(RejectReason.UNKNOWN_KEY.name());
        }
    }

    @Test
    void openFleetProbesAloneNeverMakeAnAlert() {
        try (Setup s = Setup.of(OPEN, false)) {
            // thirty unenrolled probes on each network, all reporting the block: counted, never enough alone
            addUnenrolled(s, s.jazz(), 30);
            addUnenrolled(s, s.zong(), 30);
            s.h().run(
                            s.fleet(),
                            0,
                            20,
                            (p, platform, minute, random) ->
                                    p.id().contains("open-") ? BLOCK.measure(p, platform, 5, random) : null);
            assertThat(s.h().metrics.measurementCount()).isPositive();
            assertThat(s.h().alerts()).isEmpty();
            assertThat(s.h().deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void openFleetProbesCannotOutvoteEnrolledOnes() {
        try (Setup s = Setup.of(OPEN, true)) {
            addUnenrolled(s, s.jazz(), 100);
            s.h().run(
                            s.fleet(),
                            0,
                            20,
                            (p, platform, minute, random) -> p.id().contains("open-")
                                    ? BLOCK.measure(p, platform, 5, random)
                                    : Fleet.Result.ok(120));
            assertThat(s.h().alerts()).isEmpty();
        }
    }

    @Test
    void withOpenFleetProbesAnAlertCountsOnlyTheEnrolledAsVerified() {
        try (Setup s = Setup.of(OPEN, true)) {
            addUnenrolled(s, s.jazz(), 4);
            s.h().run(s.fleet(), 0, 8, BLOCK);
            AffectedNetwork jazz = s.h().alerts().get(0).getNetworks().stream()
                    .filter(n -> n.getAsn() == s.jazz().asn())
                    .findFirst()
                    .orElseThrow();
            assertThat(jazz.getProbes()).isEqualTo(9);
            assertThat(jazz.getVerifiedProbes()).isEqualTo(5);
        }
    }

    @Test
    void aSparseSourcesBridgeEnrolledForAnyNetworkSignsItsSourcesProbesButNoOwnProbe() {
        try (Setup s = Setup.of(ENROLLED, true)) {
            ProbeCredentials bridge = s.h().enroll("ooni-bridge", Enrollments.ANY_NETWORK);
            Measurement ooni = measurement("ooni-probe-AS45669-1", s.jazz(), 0, Outcome.TLS_RESET);
            ooni.setSource(org.vantage.schema.MeasurementSource.OONI);
            byte[] value = s.h().serialize(ooni);
            pipe(
                    s.h(),
                    s.jazz().key(),
                    value,
                    DetectionHarness.signed(bridge, MEASUREMENTS, s.jazz().key(), value));
            // the same bridge speaking for one of Vantage's own probes
            Measurement own = measurement(s.fleet().probes().get(0).id(), s.jazz(), 0, Outcome.TLS_RESET);
            byte[] ownValue = s.h().serialize(own);
            pipe(
                    s.h(),
                    s.jazz().key(),
                    ownValue,
                    DetectionHarness.signed(bridge, MEASUREMENTS, s.jazz().key(), ownValue));
            assertThat(reasons(s.h())).containsExactly(RejectReason.SIGNER_MISMATCH.name());
            assertThat(s.h().metrics.measurementCount()).isEqualTo(1.0);
        }
    }

    private static void addUnenrolled(Setup s, Fleet.Network n, int count) {
        for (int i = 0; i < count; i++) {
            s.fleet().probes().add(new Fleet.Probe(n.country() + "-" + n.asn() + "-open-" + i, n, 200 + i, "Punjab"));
        }
    }

    private static ProbeEnrollment enrollment(DetectionHarness h, ProbeCredentials c, Fleet.Network n) {
        // what the enrolled-probes topic holds for c: the fixture approved it exactly so
        ProbeEnrollment e = h.approve(c, null, n.key());
        return e;
    }

    private static Measurement measurement(String probe, Fleet.Network n, int minute, Outcome outcome) {
        Measurement m = org.vantage.detect.fixture.Measurements.of(probe, "twitter", outcome, 60);
        m.setCountry(n.country());
        m.setAsn(n.asn());
        m.setEventTime(START.plusSeconds(60L * minute));
        return m;
    }

    private static void pipe(DetectionHarness h, String key, byte[] value, Headers headers) {
        h.rawMeasurements.pipeInput(new TestRecord<>(
                key.getBytes(StandardCharsets.UTF_8), value, headers, Instant.ofEpochMilli(h.wallClock())));
    }

    private static List<String> reasons(DetectionHarness h) {
        return h.deadLetters.readRecordsToList().stream()
                .map(r -> new String(
                        r.headers().lastHeader(DeadLetter.REASON_CODE_HEADER).value(), StandardCharsets.UTF_8))
                .toList();
    }
}
