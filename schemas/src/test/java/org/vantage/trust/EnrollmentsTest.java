package org.vantage.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.schema.EnrollmentStatus;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.schema.ProbeMacKey;

class EnrollmentsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final byte[] KEY = "PK:17557".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {1, 2, 3, 4};

    @Test
    void aMacVerifiesOnlyForTheSameTopicKeyAndValue() {
        RecordMac mac = new RecordMac(ProbeIdentity.newSecret());
        byte[] m = mac.compute("vantage.measurements.v1", KEY, VALUE);
        assertThat(mac.matches("vantage.measurements.v1", KEY, VALUE, m)).isTrue();
        assertThat(mac.matches("vantage.measurements.v1", "PK:23674".getBytes(StandardCharsets.UTF_8), VALUE, m))
                .isFalse();
        assertThat(mac.matches("vantage.heartbeats.v1", KEY, VALUE, m)).isFalse();
        assertThat(mac.matches("vantage.measurements.v1", KEY, new byte[] {1, 2, 3, 5}, m))
                .isFalse();
        assertThat(new RecordMac(ProbeIdentity.newSecret()).matches("vantage.measurements.v1", KEY, VALUE, m))
                .isFalse();
    }

    @Test
    void signingPutsProbeKeyIdAndMacInTheHeaders() {
        ProbeCredentials c = ProbeCredentials.generate("pk-01");
        RecordHeaders h = new RecordHeaders();
        c.mac().sign(h, c.probeId(), c.keyId(), "t", KEY, VALUE);
        assertThat(RecordMac.header(h, RecordMac.PROBE_HEADER)).isEqualTo("pk-01");
        assertThat(RecordMac.header(h, RecordMac.KEY_HEADER)).isEqualTo(c.keyId());
        assertThat(c.mac().matches("t", KEY, VALUE, RecordMac.headerBytes(h, RecordMac.MAC_HEADER)))
                .isTrue();
    }

    @Test
    void credentialsSurviveTheirFile(@TempDir Path dir) throws IOException {
        ProbeCredentials c = ProbeCredentials.generate("pk-01");
        c.save(dir.resolve("creds.properties"));
        ProbeCredentials read = ProbeCredentials.load(dir.resolve("creds.properties"));
        assertThat(read.keyId()).isEqualTo(c.keyId());
        assertThat(read.secret()).isEqualTo(c.secret());
        byte[] sig = ProbeIdentity.sign(read.identity().getPrivate(), VALUE);
        assertThat(ProbeIdentity.verify(c.publicKey(), VALUE, sig)).isTrue();
    }

    @Test
    void approvalGrantsTheRequestedNetworkAndRecordsWhoAndHow() {
        ProbeCredentials c = ProbeCredentials.generate("pk-01");
        ProbeEnrollment approved = approve(c, null, T0);
        assertThat(approved.getStatus()).isEqualTo(EnrollmentStatus.APPROVED);
        assertThat(approved.getNetworks()).containsExactly("PK:17557");
        assertThat(approved.getApprovedBy()).isEqualTo("alice");
        assertThat(approved.getVerification()).contains("AS17557");
        assertThat(approved.getMacKeys())
                .singleElement()
                .extracting(ProbeMacKey::getKeyId)
                .isEqualTo(c.keyId());
    }

    @Test
    void aRequestNotSignedByItsIdentityIsRefused() {
        ProbeCredentials c = ProbeCredentials.generate("pk-01");
        ProbeEnrollment req = Enrollments.request(c, List.of("PK:17557"), "203.0.113.7", 17557L, T0);
        byte[] bytes = "request bytes".getBytes(StandardCharsets.UTF_8);
        byte[] otherSig = ProbeIdentity.sign(ProbeIdentity.generate().getPrivate(), bytes);
        assertThatThrownBy(() -> Enrollments.approve(
                        req, otherSig, bytes, null, List.of(), "alice", "checked", Duration.ofHours(1), T0))
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void approvalWithoutApproverOrVerificationNamesBoth() {
        ProbeCredentials c = ProbeCredentials.generate("pk-01");
        ProbeEnrollment req = Enrollments.request(c, List.of("PK17557"), null, null, T0);
        byte[] bytes = VALUE;
        assertThatThrownBy(() -> Enrollments.approve(
                        req,
                        ProbeIdentity.sign(c.identity().getPrivate(), bytes),
                        bytes,
                        null,
                        List.of(),
                        "",
                        null,
                        Duration.ofHours(1),
                        T0))
                .hasMessageContaining("approver missing")
                .hasMessageContaining("--verified")
                .hasMessageContaining("'PK17557' is not CC:ASN");
    }

    @Test
    void aRotationKeepsTheOldKeyUntilTheCutOver() {
        ProbeCredentials c = ProbeCredentials.generate("pk-01");
        ProbeEnrollment first = approve(c, null, T0);
        ProbeCredentials next = c.rotated();
        ProbeEnrollment rotated = approve(next, first, T0.plusSeconds(3600));
        assertThat(rotated.getMacKeys()).extracting(ProbeMacKey::getKeyId).containsExactly(c.keyId(), next.keyId());
        assertThat(rotated.getMacKeys().get(0).getNotAfter())
                .isEqualTo(T0.plusSeconds(3600).plus(Duration.ofHours(6)));
        assertThat(rotated.getMacKeys().get(1).getNotAfter()).isNull();
    }

    @Test
    void anotherIdentityCannotTakeOverAnEnrolledProbeId() {
        ProbeEnrollment first = approve(ProbeCredentials.generate("pk-01"), null, T0);
        assertThatThrownBy(() -> approve(ProbeCredentials.generate("pk-01"), first, T0))
                .hasMessageContaining("enrolled with another identity key");
    }

    @Test
    void aNetworkGrantCoversOnlyItsNetworkUnlessAny() {
        ProbeEnrollment e = approve(ProbeCredentials.generate("pk-01"), null, T0);
        assertThat(Enrollments.mayReportFor(e, "PK:17557")).isTrue();
        assertThat(Enrollments.mayReportFor(e, "PK:23674")).isFalse();
        ProbeEnrollment any = ProbeEnrollment.newBuilder(e)
                .setNetworks(List.of(Enrollments.ANY_NETWORK))
                .build();
        assertThat(Enrollments.mayReportFor(any, "PK:23674")).isTrue();
    }

    private static ProbeEnrollment approve(ProbeCredentials c, ProbeEnrollment current, Instant now) {
        ProbeEnrollment req = Enrollments.request(c, List.of("PK:17557"), "203.0.113.7", 17557L, now);
        byte[] bytes = req.toString().getBytes(StandardCharsets.UTF_8);
        return Enrollments.approve(
                req,
                ProbeIdentity.sign(c.identity().getPrivate(), bytes),
                bytes,
                current,
                List.of(),
                "alice",
                "source 203.0.113.7 is in AS17557 (RIPEstat)",
                Duration.ofHours(6),
                now);
    }
}
