package org.vantage.ooni.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.vantage.schema.Outcome;

/**
 * OONI failure strings to Vantage outcomes, by the layer whose event carried them. The vocabulary is OONI's
 * (spec data-formats/df-007-errors.md; probe-cli internal/netxlite/errno.go), including the legacy strings of
 * Measurement Kit and the Python probe ({@code connect_error}, {@code response_never_received}, ...).
 */
final class Failures {
    private Failures() {}

    /** The failure string of a node, or null when the node says "no failure" (null, missing, false, empty). */
    static String of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isBoolean()) {
            return null; // old probes write "failure": false for success
        }
        String s = node.asText("");
        return s.isBlank() ? null : s;
    }

    /** {@code unknown_failure ...}: a probe bug, for which OONI's fastpath sets accuracy 0. */
    static boolean isProbeBug(String failure) {
        return failure != null && failure.startsWith("unknown_failure");
    }

    static boolean isTimeout(String f) {
        return f.equals("generic_timeout_error")
                || f.contains("timed_out")
                || f.equals("deferred_timeout_error")
                || f.equals("response_never_received");
    }

    static boolean isUnreachable(String f) {
        return f.equals("host_unreachable") || f.equals("network_unreachable") || f.equals("network_down");
    }

    static Outcome dns(String f) {
        return switch (f) {
            case "dns_nxdomain_error", "dns_name_error", "dns_lookup_error" -> Outcome.DNS_NXDOMAIN;
            case "dns_servfail_error",
                    "dns_refused_error",
                    "dns_server_misbehaving",
                    "dns_temporary_failure",
                    "dns_non_recoverable_failure",
                    "dns_reply_with_wrong_query_id" -> Outcome.DNS_SERVFAIL;
            case "dns_no_answer", "android_dns_cache_no_data" -> Outcome.DNS_NO_ANSWER;
            case "dns_bogon_error" -> Outcome.DNS_BOGON;
            default -> isTimeout(f) ? Outcome.DNS_TIMEOUT : Outcome.UNKNOWN_ERROR;
        };
    }

    static Outcome tcp(String f) {
        if (f.equals("connection_reset")) {
            return Outcome.TCP_RESET;
        }
        if (f.startsWith("connection_refused")) {
            return Outcome.TCP_REFUSED;
        }
        if (isUnreachable(f)) {
            return Outcome.TCP_UNREACHABLE;
        }
        return isTimeout(f) ? Outcome.TCP_TIMEOUT : Outcome.UNKNOWN_ERROR;
    }

    static Outcome tls(String f) {
        if (f.equals("connection_reset") || f.equals("eof_error") || f.equals("connection_lost_error")) {
            return Outcome.TLS_RESET;
        }
        if (isTimeout(f)) {
            return Outcome.TLS_TIMEOUT;
        }
        String lower = f.toLowerCase(Locale.ROOT);
        if (f.equals("ssl_invalid_hostname")
                || f.equals("ssl_unknown_authority")
                || f.equals("ssl_invalid_certificate")
                || (lower.startsWith("ssl_error") && lower.contains("certificate"))) {
            return Outcome.TLS_CERT_INVALID;
        }
        return Outcome.TLS_HANDSHAKE_FAILURE;
    }

    /**
     * A failure string whose layer is not known from where it was recorded (an HTTP request's failure, or a
     * test's summary key): the string names the layer. A reset or a close on an established connection is
     * TCP_RESET, as the Vantage probe records it; a timeout once the response had started is THROTTLED.
     */
    static Outcome anyLayer(String f, boolean responseStarted) {
        if (f.startsWith("dns_") || f.equals("android_dns_cache_no_data")) {
            return dns(f);
        }
        if (f.startsWith("connection_refused") || isUnreachable(f)) {
            return tcp(f);
        }
        if (f.startsWith("ssl_")) {
            return tls(f);
        }
        if (f.equals("connection_reset") || f.equals("eof_error") || f.equals("connection_lost_error")) {
            return Outcome.TCP_RESET;
        }
        if (isTimeout(f)) {
            return responseStarted ? Outcome.THROTTLED : Outcome.HTTP_TIMEOUT;
        }
        return Outcome.UNKNOWN_ERROR;
    }
}
