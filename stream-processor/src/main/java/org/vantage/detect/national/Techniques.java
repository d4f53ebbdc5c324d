package org.vantage.detect.national;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.vantage.detect.model.PlatformVerdict;
import org.vantage.detect.model.TechniqueFinding;
import org.vantage.schema.Outcome;
import org.vantage.schema.Technique;

/**
 * Turns measurement outcomes into blocking-technique evidence: which layer failed and how.
 * DNS answers that are wrong (nxdomain, servfail, bogon or mismatching answers) are DNS tampering; a TLS
 * reset or timeout right after the ClientHello is SNI filtering; and so on (see {@link #techniqueOf}).
 */
final class Techniques {
    private Techniques() {}

    public static Technique techniqueOf(Outcome outcome) {
        return switch (outcome) {
            case DNS_NXDOMAIN, DNS_SERVFAIL, DNS_TIMEOUT, DNS_NO_ANSWER, DNS_BOGON, DNS_MISMATCH ->
                Technique.DNS_TAMPERING;
            case TCP_RESET, TCP_REFUSED -> Technique.TCP_RESET;
            case TCP_TIMEOUT, TCP_UNREACHABLE -> Technique.TCP_TIMEOUT;
            case TLS_RESET, TLS_TIMEOUT -> Technique.TLS_SNI_FILTERING;
            case TLS_CERT_INVALID, TLS_HANDSHAKE_FAILURE -> Technique.TLS_INTERFERENCE;
            case HTTP_BLOCK_PAGE -> Technique.HTTP_BLOCK_PAGE;
            case HTTP_ERROR_STATUS, HTTP_TIMEOUT -> Technique.HTTP_ERROR;
            case THROTTLED -> Technique.THROTTLING;
            case OK -> null;
            default -> Technique.OTHER;
        };
    }

    /**
     * Technique evidence from the failing (and throttled) outcomes of the given verdicts, strongest first.
     * Techniques behind less than 5 % of the failures are left out as noise. Slowness without THROTTLED
     * outcomes is reported from the latency ratios.
     */
    public static List<TechniqueFinding> fromVerdicts(List<PlatformVerdict> verdicts) {
        Map<Technique, Long> counts = new EnumMap<>(Technique.class);
        Map<Technique, TreeSet<String>> outcomes = new EnumMap<>(Technique.class);
        TreeSet<String> dnsAnswers = new TreeSet<>();
        double maxRatio = 0;
        long throttledWindows = 0;
        for (PlatformVerdict v : verdicts) {
            for (Map.Entry<String, Long> e : v.outcomes().entrySet()) {
                Technique t = techniqueOf(Outcome.valueOf(e.getKey()));
                if (t != null) {
                    counts.merge(t, e.getValue(), Long::sum);
                    outcomes.computeIfAbsent(t, x -> new TreeSet<>()).add(e.getKey());
                }
            }
            dnsAnswers.addAll(v.dnsAnswers());
            if (v.latencyRatio() != null && v.state() == org.vantage.detect.model.VerdictState.THROTTLED) {
                maxRatio = Math.max(maxRatio, v.latencyRatio());
                throttledWindows += v.measurements();
            }
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<TechniqueFinding> findings = new ArrayList<>();
        for (Map.Entry<Technique, Long> e : counts.entrySet()) {
            double share = (double) e.getValue() / total;
            if (share < 0.05) {
                continue;
            }
            String detail = null;
            if (e.getKey() == Technique.DNS_TAMPERING && !dnsAnswers.isEmpty()) {
                detail = "answers seen: " + String.join(", ", dnsAnswers);
            } else if (e.getKey() == Technique.TLS_SNI_FILTERING) {
                detail = "connection reset or stalled right after the TLS ClientHello";
            } else if (e.getKey() == Technique.THROTTLING && maxRatio > 0) {
                detail = String.format(java.util.Locale.ROOT, "median latency up to %.1fx baseline", maxRatio);
            }
            findings.add(new TechniqueFinding(
                    e.getKey(), round(share), e.getValue(), List.copyOf(outcomes.get(e.getKey())), detail));
        }
        if (maxRatio > 0 && !counts.containsKey(Technique.THROTTLING)) {
            findings.add(new TechniqueFinding(
                    Technique.THROTTLING,
                    total == 0 ? 1.0 : 0.0,
                    throttledWindows,
                    List.of("OK"),
                    String.format(java.util.Locale.ROOT, "median latency up to %.1fx baseline", maxRatio)));
        }
        findings.sort((a, b) -> Double.compare(b.share(), a.share()));
        return findings;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
