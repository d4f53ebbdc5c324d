package org.vantage.ooni.map;

import java.util.List;
import org.vantage.schema.Outcome;

/**
 * What the network evidence of one measurement says, before identity is attached: an outcome with its
 * detail, timings and the facts that go into the record, or a skip reason.
 */
record Verdict(
        Outcome outcome,
        String detail,
        SkipReason skip,
        String targetHost,
        String targetUrl,
        List<String> dnsAnswers,
        Integer httpStatus,
        Long bytesReceived,
        Integer dnsMs,
        Integer connectMs,
        Integer tlsMs,
        Integer httpMs) {

    static Verdict skip(SkipReason reason, String detail) {
        return new Verdict(null, detail, reason, null, null, List.of(), null, null, null, null, null, null);
    }

    static Verdict of(Outcome outcome, String detail) {
        return new Verdict(outcome, detail, null, null, null, List.of(), null, null, null, null, null, null);
    }

    boolean skipped() {
        return skip != null;
    }

    Verdict target(String host, String url) {
        return new Verdict(
                outcome,
                detail,
                skip,
                host,
                url,
                dnsAnswers,
                httpStatus,
                bytesReceived,
                dnsMs,
                connectMs,
                tlsMs,
                httpMs);
    }

    Verdict facts(List<String> answers, Integer status, Long bytes) {
        return new Verdict(
                outcome,
                detail,
                skip,
                targetHost,
                targetUrl,
                answers == null ? List.of() : List.copyOf(answers),
                status,
                bytes,
                dnsMs,
                connectMs,
                tlsMs,
                httpMs);
    }

    Verdict timings(Integer dns, Integer connect, Integer tls, Integer http) {
        return new Verdict(
                outcome,
                detail,
                skip,
                targetHost,
                targetUrl,
                dnsAnswers,
                httpStatus,
                bytesReceived,
                dns,
                connect,
                tls,
                http);
    }

    /** "OUTCOME" or "SKIP:REASON": the form the table-driven test writes its expectations in. */
    String label() {
        return skipped() ? "SKIP:" + skip : outcome.name();
    }
}
