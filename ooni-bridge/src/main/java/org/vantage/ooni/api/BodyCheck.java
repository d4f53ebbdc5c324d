package org.vantage.ooni.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Decides whether bytes served as a measurement body are one: pure, so every case is unit-testable.
 * Only the envelope is checked (a JSON object with a {@code test_name}); what the measurement says is the
 * mapper's business.
 */
final class BodyCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BodyCheck() {}

    /**
     * @param body      the bytes read, at most {@code maxBytes + 1}
     * @param truncated whether the response had more bytes than were read
     * @param maxBytes  the largest body accepted
     */
    static RawBody check(byte[] body, boolean truncated, int maxBytes) {
        if (truncated || body.length > maxBytes) {
            return new RawBody.Skipped(FetchSkip.ABSURD_BODY, "larger than " + maxBytes + " bytes");
        }
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return new RawBody.Skipped(FetchSkip.EMPTY_BODY, "empty response");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            return new RawBody.Skipped(FetchSkip.MALFORMED_JSON, firstLine(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            return new RawBody.Skipped(FetchSkip.MALFORMED_JSON, firstLine(e.getMessage()));
        }
        if (json == null || json.isMissingNode()) {
            return new RawBody.Skipped(FetchSkip.EMPTY_BODY, "empty response");
        }
        if (!json.isObject()) {
            return new RawBody.Skipped(
                    FetchSkip.ABSURD_BODY,
                    "a JSON " + json.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                            + ", not a measurement object");
        }
        if (json.isEmpty()) {
            return new RawBody.Skipped(FetchSkip.EMPTY_BODY, "{} (OONI's answer for an unknown uid)");
        }
        JsonNode testName = json.get("test_name");
        if (testName == null || !testName.isTextual() || testName.asText().isBlank()) {
            return new RawBody.Skipped(FetchSkip.ABSURD_BODY, "no test_name: not an OONI measurement");
        }
        return new RawBody.Body(json, body.length);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unparseable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
