package org.vantage.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.vantage.schema.EnrollmentStatus;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.schema.ProbeMacKey;
import org.vantage.trust.Enrollments;
import org.vantage.trust.ProbeIdentity;

/** The text of {@code vantage probes list}: pure formatting of what the two enrollment topics hold. */
final class ProbeListing {
    private ProbeListing() {}

    static String text(Collection<ProbeEnrollment> enrolled, Collection<ProbeEnrollment> requests, int pendingLimit) {
        StringBuilder out = new StringBuilder();
        List<ProbeEnrollment> decided = enrolled.stream()
                .sorted(Comparator.comparing(ProbeEnrollment::getProbeId))
                .toList();
        out.append(String.format(
                Locale.ROOT,
                "Enrolled probes: %d approved, %d revoked%n",
                decided.stream()
                        .filter(e -> e.getStatus() == EnrollmentStatus.APPROVED)
                        .count(),
                decided.stream()
                        .filter(e -> e.getStatus() == EnrollmentStatus.REVOKED)
                        .count()));
        for (ProbeEnrollment e : decided) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-24s %-8s %-22s identity %s  keys %s%n",
                    e.getProbeId(),
                    e.getStatus().name().toLowerCase(Locale.ROOT),
                    String.join(",", e.getNetworks()),
                    ProbeIdentity.fingerprint(Enrollments.bytes(e.getIdentityKey())),
                    keys(e.getMacKeys())));
            out.append(String.format(
                    Locale.ROOT,
                    "      approved by %s at %s: %s%n",
                    e.getApprovedBy(),
                    e.getApprovedAt() == null ? "-" : AlertFormatter.time(e.getApprovedAt()),
                    e.getVerification()));
            if (e.getStatus() == EnrollmentStatus.REVOKED) {
                out.append(String.format(
                        Locale.ROOT,
                        "      revoked by %s at %s: %s%n",
                        e.getRevokedBy(),
                        e.getRevokedAt() == null ? "-" : AlertFormatter.time(e.getRevokedAt()),
                        e.getRevokeReason()));
            }
        }
        List<ProbeEnrollment> pending = new ArrayList<>();
        for (ProbeEnrollment r : requests) {
            if (!granted(r, enrolled)) {
                pending.add(r);
            }
        }
        pending.sort(Comparator.comparing(ProbeEnrollment::getRequestedAt));
        out.append(String.format(Locale.ROOT, "%nPending requests: %d%n", pending.size()));
        // a flood of requests is shown by source, so that one address asking for hundreds of probes stands out
        Map<String, Integer> bySource = new TreeMap<>();
        pending.forEach(r -> bySource.merge(
                r.getRequestAddress() == null ? "(no address)" : r.getRequestAddress(), 1, Integer::sum));
        if (pending.size() > pendingLimit) {
            out.append("  by source address (most first):\n");
            bySource.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(10)
                    .forEach(e -> out.append(String.format(Locale.ROOT, "    %-40s %d%n", e.getKey(), e.getValue())));
            out.append(String.format(Locale.ROOT, "  the oldest %d:%n", pendingLimit));
        }
        for (ProbeEnrollment r : pending.subList(0, Math.min(pending.size(), pendingLimit))) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-24s %-22s from %s%s at %s  identity %s  key %s%n",
                    r.getProbeId(),
                    String.join(",", r.getNetworks()),
                    r.getRequestAddress() == null ? "?" : r.getRequestAddress(),
                    r.getRequestAsn() == null ? "" : " (AS" + r.getRequestAsn() + ")",
                    AlertFormatter.time(r.getRequestedAt()),
                    ProbeIdentity.fingerprint(Enrollments.bytes(r.getIdentityKey())),
                    r.getMacKeys().get(0).getKeyId()));
        }
        return out.toString();
    }

    /** Whether the request's key is already among the probe's enrolled keys (or the probe was revoked after it asked). */
    private static boolean granted(ProbeEnrollment request, Collection<ProbeEnrollment> enrolled) {
        for (ProbeEnrollment e : enrolled) {
            if (e.getProbeId().equals(request.getProbeId())) {
                if (e.getStatus() == EnrollmentStatus.REVOKED
                        && e.getRevokedAt() != null
                        && !e.getRevokedAt().isBefore(request.getRequestedAt())) {
                    return true;
                }
                String key = request.getMacKeys().isEmpty()
                        ? null
                        : request.getMacKeys().get(0).getKeyId();
                return e.getMacKeys().stream().anyMatch(k -> k.getKeyId().equals(key));
            }
        }
        return false;
    }

    private static String keys(List<ProbeMacKey> keys) {
        List<String> out = new ArrayList<>();
        for (ProbeMacKey k : keys) {
            out.add(k.getKeyId()
                    + (k.getNotAfter() == null ? "" : " (until " + AlertFormatter.time(k.getNotAfter()) + ")"));
        }
        return String.join(", ", out);
    }
}
