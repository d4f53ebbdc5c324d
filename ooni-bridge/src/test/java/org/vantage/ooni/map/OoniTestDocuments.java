package org.vantage.ooni.map;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the OONI sample documents of the test resources in the shapes they were recorded in: a raw
 * measurement, an Explorer fixture wrapping a measurement_meta response (whose raw_measurement is a JSON
 * string, and which carries the measurement_uid), or probe-cli's JSONC test keys. The mapper only ever sees
 * the raw measurement, as the bridge gets it from /api/v1/raw_measurement.
 */
final class OoniTestDocuments {
    static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();
    static final List<String> DIRECTORIES = List.of("real", "derived", "synthetic-qa");
    private static final Pattern UID =
            Pattern.compile("(\\d{14}\\.\\d{6}_[A-Z]{2}_[a-z]+_[0-9a-f]{16}|01\\d{8}[0-9a-f]{30})");

    /** One document: its raw measurement (null when the file holds none) and the uid it is published under. */
    record Doc(String name, JsonNode raw, String uid) {}

    private OoniTestDocuments() {}

    static Path root() {
        try {
            return Path.of(OoniTestDocuments.class.getResource("/ooni").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every document in real/, derived/ and synthetic-qa/, named "dir/file". */
    static List<String> allNames() {
        return DIRECTORIES.stream()
                .flatMap(d -> {
                    try (Stream<Path> files = Files.list(root().resolve(d))) {
                        return files.map(p -> d + "/" + p.getFileName()).sorted().toList().stream();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    static Doc load(String name) {
        try {
            JsonNode node = JSON.readTree(Files.readString(root().resolve(name)));
            String uid = null;
            if (node.has("body") && node.get("body").isTextual()) { // Explorer fixture: the HTTP response
                node = JSON.readTree(node.get("body").asText());
            }
            if (node.has("raw_measurement")) { // measurement_meta: the body is a JSON string beside the uid
                uid = node.path("measurement_uid").asText(null);
                String raw = node.get("raw_measurement").asText("");
                node = raw.isEmpty() ? null : JSON.readTree(raw);
            }
            if (uid == null && node != null && node.path("measurement_uid").isTextual()) {
                uid = node.get("measurement_uid").asText();
            }
            if (uid == null) {
                Matcher m = UID.matcher(name);
                uid = m.find()
                        ? m.group(1)
                        : "test-" + Path.of(name).getFileName().toString().replaceAll("\\.jsonc?$", "");
            }
            return new Doc(name, node, uid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /**
     * probe-cli's Pakistan file holds test_keys only. For judging its network evidence it gets the envelope
     * its uid and x_control_request name (PK, web_connectivity, https://mask.icloud.com/); the ASN is the
     * documentation ASN 64496 because the file does not say.
     */
    static JsonNode withEnvelope(JsonNode testKeysOnly, String input) {
        ObjectNode raw = JSON.createObjectNode();
        raw.put("test_name", "web_connectivity")
                .put("test_version", "0.5.24")
                .put("input", input)
                .put("probe_cc", "PK")
                .put("probe_asn", "AS64496")
                .put("report_id", "20230706T183840Z_webconnectivity_PK_64496_n1_test")
                .put("measurement_start_time", "2023-07-06 18:38:40");
        raw.set("test_keys", testKeysOnly);
        return raw;
    }
}
