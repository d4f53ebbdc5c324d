package org.vantage.trust;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.vantage.schema.EnrollmentStatus;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.schema.ProbeMacKey;

/**
 * The enrollment lifecycle as pure functions on {@link ProbeEnrollment} values: a probe's request, an operator's
 * approval (first enrollment or key rotation) and revocation. Kafka I/O is the callers'.
 */
public final class Enrollments {
    /** Header of a request record: the Ed25519 signature of its value bytes by the requesting identity. */
    public static final String REQUEST_SIGNATURE_HEADER = "vantage.identity.signature";
    /** Any network: for sources that report for many networks and derive them on their side (the OONI bridge). */
    public static final String ANY_NETWORK = "*";

    private static final Pattern NETWORK = Pattern.compile("[A-Z]{2}:[1-9][0-9]{0,9}");

    private Enrollments() {}

    /** What a probe sends to be enrolled, or to add a new MAC key ({@code credentials.rotated()}). */
    public static ProbeEnrollment request(
            ProbeCredentials c, List<String> networks, String address, Long asn, Instant now) {
        return ProbeEnrollment.newBuilder()
                .setProbeId(c.probeId())
                .setStatus(EnrollmentStatus.REQUESTED)
                .setIdentityKey(ByteBuffer.wrap(c.publicKey()))
                .setNetworks(List.copyOf(networks))
                .setMacKeys(List.of(ProbeMacKey.newBuilder()
                        .setKeyId(c.keyId())
                        .setSecret(ByteBuffer.wrap(c.secret()))
                        .setValidFrom(now)
                        .setNotAfter(null)
                        .build()))
                .setRequestedAt(now)
                .setRequestAddress(address)
                .setRequestAsn(asn)
                .build();
    }

    /** Problems of a request as such (ids, networks, keys); empty when well-formed. */
    public static List<String> problems(ProbeEnrollment r) {
        List<String> p = new ArrayList<>();
        if (r.getProbeId() == null
                || !ProbeIdentity.PROBE_ID.matcher(r.getProbeId()).matches()) {
            p.add("probe id '" + r.getProbeId() + "' must be 1-128 of A-Z a-z 0-9 . _ -");
        }
        if (r.getNetworks().isEmpty()) {
            p.add("no network: name at least one CC:ASN");
        }
        for (String n : r.getNetworks()) {
            if (!NETWORK.matcher(n).matches() && !ANY_NETWORK.equals(n)) {
                p.add("network '" + n + "' is not CC:ASN (e.g. PK:17557)");
            }
        }
        if (r.getMacKeys().size() != 1 || r.getMacKeys().get(0).getSecret().remaining() != RecordMac.SECRET_BYTES) {
            p.add("a request carries exactly one MAC key of " + RecordMac.SECRET_BYTES + " bytes");
        }
        return p;
    }

    /**
     * An operator's approval of a request. For a probe already enrolled with the same identity this is a key
     * rotation: the new key is added and every older key stays valid until {@code now + cutover}, so records
     * signed and spooled before the probe switched keys still count. A request from another identity for an
     * enrolled probe id is refused (it would hand the id to whoever asked); revoke first to re-enroll.
     *
     * @param networks the networks granted; empty to grant the ones requested
     * @throws IllegalArgumentException naming every problem
     */
    public static ProbeEnrollment approve(
            ProbeEnrollment request,
            byte[] requestSignature,
            byte[] requestBytes,
            ProbeEnrollment current,
            List<String> networks,
            String by,
            String verification,
            Duration cutover,
            Instant now) {
        List<String> p = new ArrayList<>(problems(request));
        if (!ProbeIdentity.verify(bytes(request.getIdentityKey()), requestBytes, requestSignature)) {
            p.add("the request's signature does not verify with its identity key (not sent by the key's holder)");
        }
        if (by == null || by.isBlank()) {
            p.add("approver missing (--by)");
        }
        if (verification == null || verification.isBlank()) {
            p.add("say how the network was verified (--verified), e.g. 'source 203.0.113.7 is in AS17557 (RIPEstat)'");
        }
        List<String> granted = networks == null || networks.isEmpty() ? request.getNetworks() : networks;
        for (String n : granted) {
            if (!NETWORK.matcher(n).matches() && !ANY_NETWORK.equals(n)) {
                p.add("network '" + n + "' is not CC:ASN (e.g. PK:17557)");
            }
        }
        boolean rotation = current != null && current.getStatus() == EnrollmentStatus.APPROVED;
        if (rotation && !Arrays.equals(bytes(current.getIdentityKey()), bytes(request.getIdentityKey()))) {
            p.add("probe " + request.getProbeId() + " is enrolled with another identity key (fingerprint "
                    + ProbeIdentity.fingerprint(bytes(current.getIdentityKey()))
                    + "); revoke it first to enroll a new identity");
        }
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", p));
        }
        List<ProbeMacKey> keys = new ArrayList<>();
        if (rotation) {
            Instant cut = now.plus(cutover);
            for (ProbeMacKey k : current.getMacKeys()) {
                Instant until = k.getNotAfter() == null || k.getNotAfter().isAfter(cut) ? cut : k.getNotAfter();
                if (until.isAfter(now)
                        && !k.getKeyId().equals(request.getMacKeys().get(0).getKeyId())) {
                    keys.add(ProbeMacKey.newBuilder(k).setNotAfter(until).build()); // expired keys are dropped
                }
            }
        }
        keys.add(ProbeMacKey.newBuilder(request.getMacKeys().get(0))
                .setValidFrom(now)
                .setNotAfter(null)
                .build());
        return ProbeEnrollment.newBuilder(request)
                .setStatus(EnrollmentStatus.APPROVED)
                .setNetworks(List.copyOf(granted))
                .setMacKeys(keys)
                .setVerification(verification)
                .setApprovedBy(by)
                .setApprovedAt(now)
                .setRevokedBy(null)
                .setRevokedAt(null)
                .setRevokeReason(null)
                .build();
    }

    /** The enrollment revoked: every record it signs from now on is rejected. */
    public static ProbeEnrollment revoke(ProbeEnrollment current, String by, String reason, Instant now) {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("operator missing (--by)");
        }
        return ProbeEnrollment.newBuilder(current)
                .setStatus(EnrollmentStatus.REVOKED)
                .setRevokedBy(by)
                .setRevokedAt(now)
                .setRevokeReason(reason)
                .build();
    }

    /** Whether the enrollment lets its probe report for {@code network} ({@code CC:ASN}). */
    public static boolean mayReportFor(ProbeEnrollment e, String network) {
        for (String n : e.getNetworks()) {
            if (n.equals(network) || ANY_NETWORK.equals(n)) {
                return true;
            }
        }
        return false;
    }

    public static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
