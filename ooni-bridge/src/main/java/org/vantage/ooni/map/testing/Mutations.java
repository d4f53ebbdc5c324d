package org.vantage.ooni.map.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Edits of a template's test_keys that reproduce what OONI's probes record under a censorship technique or a
 * benign failure: the failure strings, the events that stop happening, and the test's own summary keys.
 */
final class Mutations {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Mutations() {}

    static boolean classic(JsonNode e) {
        for (JsonNode t : arr(e, "tags")) {
            if ("classic".equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    static Iterable<JsonNode> arr(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isArray() ? v : List.of();
    }

    static void removeIf(ObjectNode tk, String field, Predicate<JsonNode> drop) {
        JsonNode v = tk.get(field);
        if (v != null && v.isArray()) {
            Iterator<JsonNode> it = v.iterator();
            while (it.hasNext()) {
                if (drop.test(it.next())) {
                    it.remove();
                }
            }
        }
    }

    static void failQuery(JsonNode q, String failure) {
        ((ObjectNode) q).put("failure", failure);
        ((ObjectNode) q).set("answers", F.arrayNode());
    }

    static void failTcp(JsonNode c, String failure) {
        ObjectNode status = ((ObjectNode) c).putObject("status");
        status.put("success", false).put("failure", failure).put("blocked", false);
        JsonNode t0 = c.get("t0");
        if (t0 != null && t0.isNumber()) {
            ((ObjectNode) c).put("t", t0.asDouble() + 10.0); // OONI's connect timeout
        }
    }

    static void failTls(JsonNode h, String failure) {
        ObjectNode o = (ObjectNode) h;
        o.put("failure", failure);
        o.set("peer_certificates", F.arrayNode());
        o.put("tls_version", "").put("cipher_suite", "").put("negotiated_protocol", "");
    }

    static void failRequest(JsonNode r, String failure) {
        ObjectNode o = (ObjectNode) r;
        o.put("failure", failure);
        ObjectNode resp = o.putObject("response");
        resp.put("code", 0).put("body", "").put("body_is_truncated", false);
        resp.putObject("headers");
        resp.set("headers_list", F.arrayNode());
    }

    static String host(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null ? "" : v.asText("");
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
