package org.vantage.detect.validate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.vantage.detect.config.TrustSettings;
import org.vantage.detect.model.RejectReason;
import org.vantage.schema.EnrollmentStatus;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.schema.ProbeMacKey;
import org.vantage.trust.Enrollments;
import org.vantage.trust.RecordMac;

/**
 * The detector's first check, before a record is even decoded: is it signed by an enrolled probe, with a key that
 * probe holds, for a network it is enrolled for? Then, once decoded, {@link #checkSigner} makes sure it names the
 * probe that signed it (probes are counted by the id inside the record).
 *
 * <p>Enrollments come from the global table of the enrolled-probes topic as raw bytes; they are decoded once per
 * change and each probe key's {@link RecordMac} is kept, so the cost per record is one store lookup, one array
 * comparison and one HMAC. Not thread-safe: one instance per processor.
 */
final class ProbeAuthenticator {
    private final TrustSettings settings;
    private final Function<byte[], ProbeEnrollment> decoder;
    private final Map<String, Cached> cache = new HashMap<>();

    /** What the check before decoding found: a verified signer, or an unsigned record the open fleet may count. */
    public record Origin(Trust trust, String signer) {
        static final Origin NOT_CHECKED = new Origin(Trust.NOT_CHECKED, null);
        static final Origin UNSIGNED = new Origin(Trust.UNVERIFIED, null);
    }

    /** The result: an origin, or why the record is rejected. */
    public record Result(Origin origin, Rejection rejection) {
        static Result ok(Origin o) {
            return new Result(o, null);
        }

        static Result reject(RejectReason reason, String message) {
            return new Result(null, new Rejection(reason, message));
        }
    }

    private record Cached(byte[] raw, ProbeEnrollment enrollment, Map<String, RecordMac> macs) {}

    public ProbeAuthenticator(TrustSettings settings, Function<byte[], ProbeEnrollment> decoder) {
        this.settings = settings;
        this.decoder = decoder;
    }

    /**
     * Checks a raw record's signature.
     *
     * @param enrollments probe id to the enrollment's raw bytes (null when none)
     * @param nowMs       the detector's wall clock, against which old keys' cut-overs are judged
     */
    public Result check(
            String topic,
            byte[] key,
            String network,
            byte[] value,
            Headers headers,
            Function<String, byte[]> enrollments,
            long nowMs) {
        if (!settings.checked()) {
            return Result.ok(Origin.NOT_CHECKED);
        }
        String signer = RecordMac.header(headers, RecordMac.PROBE_HEADER);
        byte[] mac = RecordMac.headerBytes(headers, RecordMac.MAC_HEADER);
        if (signer == null || mac == null) {
            return settings.mode() == TrustSettings.Mode.OPEN
                    ? Result.ok(Origin.UNSIGNED)
                    : Result.reject(
                            RejectReason.UNSIGNED,
                            "record carries no probe signature (headers " + RecordMac.PROBE_HEADER + ", "
                                    + RecordMac.MAC_HEADER
                                    + "); the detector accepts enrolled probes only (VANTAGE_PROBE_TRUST=enrolled)");
        }
        Cached c = lookup(signer, enrollments);
        if (c == null || c.enrollment.getStatus() == EnrollmentStatus.REQUESTED) {
            return Result.reject(
                    RejectReason.UNKNOWN_PROBE,
                    "probe '" + signer + "' is not enrolled" + (c == null ? "" : " (its request awaits approval)"));
        }
        ProbeEnrollment e = c.enrollment;
        if (e.getStatus() == EnrollmentStatus.REVOKED) {
            return Result.reject(
                    RejectReason.REVOKED_PROBE,
                    "probe '" + signer + "' was revoked by " + e.getRevokedBy() + " at " + e.getRevokedAt()
                            + (e.getRevokeReason() == null ? "" : ": " + e.getRevokeReason()));
        }
        String keyId = RecordMac.header(headers, RecordMac.KEY_HEADER);
        RecordMac m = keyId == null ? null : c.macs.get(keyId);
        if (m == null) {
            return Result.reject(RejectReason.UNKNOWN_KEY, "probe '" + signer + "' has no key '" + keyId + "'");
        }
        Long notAfter = notAfter(e, keyId);
        if (notAfter != null && nowMs > notAfter) {
            return Result.reject(
                    RejectReason.UNKNOWN_KEY,
                    "key '" + keyId + "' of probe '" + signer + "' was replaced; its cut-over was "
                            + java.time.Instant.ofEpochMilli(notAfter));
        }
        if (!m.matches(topic, key, value, mac)) {
            return Result.reject(
                    RejectReason.BAD_SIGNATURE,
                    "MAC of probe '" + signer + "' (key '" + keyId
                            + "') does not match this record's topic, key and value");
        }
        if (network == null || !Enrollments.mayReportFor(e, network)) {
            return Result.reject(
                    RejectReason.NETWORK_NOT_ENROLLED,
                    "probe '" + signer + "' is enrolled for " + e.getNetworks() + ", not for " + network);
        }
        return Result.ok(new Origin(Trust.VERIFIED, signer));
    }

    /**
     * After decoding: a verified record must name its signer; an unsigned one may not borrow an enrolled probe's id
     * (an enrolled probe always signs, so that would be someone else speaking for it). The one exception is a sparse
     * source's bridge (OONI), enrolled for any network ({@code *}): its records name the source's own probes.
     */
    public Optional<Rejection> checkSigner(
            Origin origin, String probeId, boolean sparseSource, Function<String, byte[]> enrollments) {
        if (origin.trust() == Trust.VERIFIED
                && !origin.signer().equals(probeId)
                && !(sparseSource && anyNetwork(lookup(origin.signer(), enrollments)))) {
            return Optional.of(new Rejection(
                    RejectReason.SIGNER_MISMATCH,
                    "signed by probe '" + origin.signer() + "' but names probe '" + probeId + "'"));
        }
        if (origin.trust() == Trust.UNVERIFIED && probeId != null) {
            Cached c = lookup(probeId, enrollments);
            if (c != null && c.enrollment.getStatus() != EnrollmentStatus.REQUESTED) {
                return Optional.of(new Rejection(
                        RejectReason.UNSIGNED,
                        "probe '" + probeId + "' is enrolled (" + c.enrollment.getStatus()
                                + ") but this record is not signed"));
            }
        }
        return Optional.empty();
    }

    private static boolean anyNetwork(Cached c) {
        return c != null && c.enrollment.getNetworks().contains(Enrollments.ANY_NETWORK);
    }

    private static Long notAfter(ProbeEnrollment e, String keyId) {
        for (ProbeMacKey k : e.getMacKeys()) {
            if (k.getKeyId().equals(keyId)) {
                return k.getNotAfter() == null ? null : k.getNotAfter().toEpochMilli();
            }
        }
        return null;
    }

    private Cached lookup(String probeId, Function<String, byte[]> enrollments) {
        byte[] raw = enrollments.apply(probeId);
        if (raw == null) {
            cache.remove(probeId);
            return null;
        }
        Cached c = cache.get(probeId);
        if (c != null && Arrays.equals(c.raw, raw)) {
            return c;
        }
        ProbeEnrollment e = decoder.apply(raw);
        if (e == null) {
            return null;
        }
        Map<String, RecordMac> macs = new HashMap<>();
        for (ProbeMacKey k : e.getMacKeys()) {
            macs.put(k.getKeyId(), new RecordMac(Enrollments.bytes(k.getSecret())));
        }
        c = new Cached(raw, e, macs);
        cache.put(probeId, c);
        return c;
    }
}
