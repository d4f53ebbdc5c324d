package org.vantage.ooni.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vantage.schema.Measurement;
import org.vantage.schema.MeasurementSource;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;

class OoniMapperEdgeCasesTest {
    static final String SPEC_WEB = "real/ooni_spec__nettests__ts-017-web-connectivity.md__L763-L2069.json";
    static final String QA_NXDOMAIN =
            "synthetic-qa/ooni_probe-cli__internal__minipipeline__testdata__webconnectivity__generated__dnsBlockingNXDOMAIN__measurement.json";
    static final String IR_FACEBOOK = "real/ooni_backend__fastpath__fastpath__tests__data__web_connectivity_ir_fp.json";
    static final String UID = "20260101120000.000000_PK_webconnectivity_0123456789abcdef";

    final OoniMapper mapper = new OoniMapper(Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC));

    static ObjectNode doc(String name) {
        return (ObjectNode) OoniTestDocuments.load(name).raw().deepCopy();
    }

    @Test
    void anImportedMeasurementCarriesOonisIdentityAndTheProbesNetwork() {
        ObjectNode raw = doc(QA_NXDOMAIN);
        raw.put("report_id", "20240212T203347Z_webconnectivity_IT_137_n1_abcdefgh");
        raw.putObject("annotations").put("network_type", "mobile");

        Mapping m = mapper.map(raw, UID);

        assertThat(m.isMapped()).as(m.toString()).isTrue();
        Measurement r = m.measurement();
        assertThat(r.getMeasurementId()).isEqualTo("ooni:" + UID);
        assertThat(r.getProbeId()).isEqualTo("ooni:20240212T203347Z_webconnectivity_IT_137_n1_abcdefgh");
        assertThat(r.getSource()).isEqualTo(MeasurementSource.OONI);
        assertThat(r.getSourceRef()).isEqualTo(UID);
        assertThat(r.getSourceReportId()).isEqualTo("20240212T203347Z_webconnectivity_IT_137_n1_abcdefgh");
        assertThat(r.getCountry()).isEqualTo("IT");
        assertThat(r.getAsn()).isEqualTo(137L);
        assertThat(r.getNetworkType()).isEqualTo(NetworkType.MOBILE);
        assertThat(r.getPlatform()).isEqualTo("control");
        assertThat(r.getTargetHost()).isEqualTo("www.example.com");
        assertThat(r.getTargetUrl()).isEqualTo("https://www.example.com/");
        assertThat(r.getEventTime()).isEqualTo(Instant.parse("2024-02-12T20:33:47Z"));
        assertThat(r.getOutcome()).isEqualTo(Outcome.DNS_NXDOMAIN);
        assertThat(r.getOutcomeDetail()).contains("dns_nxdomain_error");
        assertThat(r.getResolver()).isEqualTo("130.192.3.21");
        assertThat(r.getProbeVersion()).isEqualTo("ooniprobe/3.22.0-alpha");
        assertThat(r.getSimulated()).isFalse();
    }

    @Test
    void theSameMeasurementUidAlwaysGivesTheSameMeasurementId() {
        ObjectNode raw = doc(SPEC_WEB);
        assertThat(mapper.map(raw, UID).measurement())
                .isEqualTo(mapper.map(raw.deepCopy(), UID).measurement());
    }

    @Test
    void phaseTimingsComeFromTheEventsStartAndEndTimes() {
        Measurement r = mapper.map(doc(SPEC_WEB), UID).measurement();

        assertThat(r.getOutcome()).isEqualTo(Outcome.OK);
        assertThat(r.getTimings().getDnsMs()).isEqualTo(67); // getaddrinfo t0 0.000471 .. t 0.067597
        assertThat(r.getTimings().getConnectMs()).isEqualTo(159); // 93.184.216.34:443 0.390724 .. 0.549308
        assertThat(r.getTimings().getTlsMs()).isEqualTo(266); // 0.549373 .. 0.815575
        assertThat(r.getTimings().getFirstByteMs()).isEqualTo(124); // the whole request 0.815758 .. 0.940186
        assertThat(r.getTimings().getTotalMs()).isEqualTo(67 + 159 + 266 + 124);
        assertThat(r.getDnsAnswers()).contains("93.184.216.34");
        assertThat(r.getHttpStatus()).isEqualTo(200);
    }

    @Test
    void privateAnswersOnAVpnAreNotTamperingButOnAMobileNetworkTheyAre() {
        ObjectNode mobile = doc(IR_FACEBOOK);
        ObjectNode vpn = doc(IR_FACEBOOK);
        ((ObjectNode) vpn.get("annotations")).put("network_type", "vpn");

        Mapping onMobile = mapper.map(mobile, UID);
        Mapping onVpn = mapper.map(vpn, UID);

        assertThat(onMobile.measurement().getOutcome()).isEqualTo(Outcome.DNS_BOGON);
        assertThat(onMobile.measurement().getOutcomeDetail()).contains("ooni.ir_10dot10_ipv4_1");
        assertThat(onMobile.measurement().getNetworkType()).isEqualTo(NetworkType.MOBILE);
        assertThat(onVpn.skipReason()).isEqualTo(SkipReason.VPN_LOCAL_ANSWER);
    }

    @Test
    void aBase64BodyIsDecodedAndMatchedAgainstOonisBlockPageFingerprints() {
        ObjectNode raw = doc(SPEC_WEB);
        raw.put("input", "https://twitter.com/").put("probe_cc", "PK").put("probe_asn", "AS23674");
        String page =
                "<html><body>As per your subscription of Nayatel Safeweb service, the website you are trying to access is blocked for your viewing</body></html>";
        ObjectNode body = ((ObjectNode) raw.at("/test_keys/requests/0/response")).putObject("body");
        body.put("format", "base64")
                .put("data", Base64.getEncoder().encodeToString(page.getBytes(StandardCharsets.UTF_8)));

        Mapping m = mapper.map(raw, UID);

        assertThat(m.measurement().getPlatform()).isEqualTo("twitter");
        assertThat(m.measurement().getOutcome()).isEqualTo(Outcome.HTTP_BLOCK_PAGE);
        assertThat(m.measurement().getOutcomeDetail()).startsWith("ooni.pk_2");
    }

    @Test
    void aBodyThatIsNotValidBase64IsReadWithoutError() {
        ObjectNode raw = doc(SPEC_WEB);
        ((ObjectNode) raw.at("/test_keys/requests/0/response"))
                .putObject("body")
                .put("format", "base64")
                .put("data", "%%%not base64===");

        Mapping m = mapper.map(raw, UID);

        assertThat(m.isMapped()).as(m.toString()).isTrue();
        assertThat(m.measurement().getOutcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void testKeysMissingOrNullIsAMissingField() {
        ObjectNode missing = doc(SPEC_WEB);
        missing.remove("test_keys");
        ObjectNode nul = doc(SPEC_WEB);
        nul.putNull("test_keys");

        assertThat(mapper.map(missing, UID).skipReason()).isEqualTo(SkipReason.MISSING_FIELD);
        assertThat(mapper.map(nul, UID).skipReason()).isEqualTo(SkipReason.MISSING_FIELD);
        assertThat(mapper.map(nul, UID).detail()).contains("test_keys");
    }

    @Test
    void aWebConnectivityMeasurementWithoutInputIsAMissingField() {
        ObjectNode raw = doc(SPEC_WEB);
        raw.putNull("input");

        Mapping m = mapper.map(raw, UID);

        assertThat(m.skipReason()).isEqualTo(SkipReason.MISSING_FIELD);
        assertThat(m.detail()).contains("input");
    }

    @Test
    void nullsAndWrongTypesInsideTheEventsNeverThrow() {
        ObjectNode raw = doc(SPEC_WEB);
        ObjectNode tk = (ObjectNode) raw.get("test_keys");
        ArrayNode queries = tk.putArray("queries");
        queries.addNull();
        queries.addObject().putNull("answers").put("failure", 42);
        ArrayNode tcp = tk.putArray("tcp_connect");
        tcp.addObject().putNull("status");
        tcp.add("not an object");
        tk.putArray("tls_handshakes").addObject().put("address", "no-port");
        ArrayNode requests = tk.putArray("requests");
        requests.addNull();
        requests.addObject().putObject("response").putNull("code").put("body", 7);
        tk.put("control", "not an object");

        Mapping m = mapper.map(raw, UID);

        assertThat(m.isMapped()).isFalse();
        assertThat(m.skipReason()).isEqualTo(SkipReason.OONI_FAILED_MEASUREMENT);
        assertThat(m.detail()).doesNotStartWith("unexpected document shape");
    }

    @ParameterizedTest(name = "{0}={1} is skipped as {2}")
    @CsvSource(delimiter = '|', textBlock = """
            measurement_start_time | 2099-01-01 00:00:00 | INVALID_FIELD
            measurement_start_time | 2026-12-02 13:30:00 | INVALID_FIELD
            measurement_start_time | 1999-01-01 00:00:00 | INVALID_FIELD
            measurement_start_time | yesterday           | INVALID_FIELD
            probe_asn              | AS0                 | INVALID_FIELD
            probe_asn              | AS99999999999       | INVALID_FIELD
            probe_asn              | ASX                 | INVALID_FIELD
            probe_cc               | ZZ                  | INVALID_FIELD
            probe_cc               | pk                  | INVALID_FIELD
            probe_cc               | XX                  | INVALID_FIELD
            report_id              | ''                  | MISSING_FIELD
            test_name              | dash                | UNSUPPORTED_TEST
            input                  | https://www.bbc.com/ | NOT_A_PLATFORM_TARGET
            """)
    void absurdOrMissingEnvelopeValuesAreSkippedWithAReason(String field, String value, SkipReason reason) {
        ObjectNode raw = doc(SPEC_WEB);
        raw.put(field, value);

        Mapping m = mapper.map(raw, UID);

        assertThat(m.skipReason()).as(m.toString()).isEqualTo(reason);
        assertThat(m.detail()).isNotBlank();
    }

    @Test
    void anEventTimeWithinTheHourAheadIsAccepted() {
        ObjectNode raw = doc(SPEC_WEB);
        raw.put("measurement_start_time", "2026-12-02 12:30:00");
        assertThat(mapper.map(raw, UID).isMapped()).isTrue();
    }

    @Test
    void aDocumentThatIsNotAnObjectOrHasNoUidIsSkipped() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        assertThat(mapper.map(null, UID).skipReason()).isEqualTo(SkipReason.MALFORMED);
        assertThat(mapper.map(f.arrayNode(), UID).skipReason()).isEqualTo(SkipReason.MALFORMED);
        assertThat(mapper.map(f.textNode("{}"), UID).skipReason()).isEqualTo(SkipReason.MALFORMED);
        assertThat(mapper.map(f.objectNode(), UID).skipReason()).isEqualTo(SkipReason.MISSING_FIELD);
        assertThat(mapper.map(doc(SPEC_WEB), " ").skipReason()).isEqualTo(SkipReason.MISSING_FIELD);
    }

    @Test
    void wifiIsAFixedLineAndAnUnannotatedProbeIsUnknown() {
        ObjectNode wifi = doc(SPEC_WEB);
        wifi.putObject("annotations").put("network_type", "wifi");
        assertThat(mapper.map(wifi, UID).measurement().getNetworkType()).isEqualTo(NetworkType.FIXED);
        assertThat(mapper.map(doc(SPEC_WEB), UID).measurement().getNetworkType())
                .isEqualTo(NetworkType.UNKNOWN);
    }

    @Test
    void oneMapperGivesTheSameResultsFromManyThreads() throws Exception {
        java.util.List<OoniTestDocuments.Doc> docs = OoniTestDocuments.allNames().stream()
                .map(OoniTestDocuments::load)
                .filter(d -> d.raw() != null)
                .toList();
        java.util.List<String> sequential =
                docs.stream().map(d -> mapper.map(d.raw(), d.uid()).toString()).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<String>> futures = new java.util.ArrayList<>();
            for (OoniTestDocuments.Doc d : docs) {
                futures.add(pool.submit(() -> mapper.map(d.raw(), d.uid()).toString()));
            }
            for (int i = 0; i < docs.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(sequential.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWhatsAppLookupAnsweredWithNayatelsFilterAddressNamesTheFingerprint() {
        ObjectNode raw = doc("real/ooni_spec__nettests__ts-018-whatsapp.md__L278-L2975.json");
        raw.put("probe_cc", "PK").put("probe_asn", "AS23674");
        ObjectNode tk = (ObjectNode) raw.get("test_keys");
        for (JsonNode q : tk.get("queries")) {
            String host = q.get("hostname").asText();
            if (host.equals("web.whatsapp.com") || host.equals("v.whatsapp.net")) {
                ((ObjectNode) q)
                        .set(
                                "answers",
                                JsonNodeFactory.instance
                                        .arrayNode()
                                        .add(JsonNodeFactory.instance
                                                .objectNode()
                                                .put("answer_type", "A")
                                                .put("ipv4", "203.82.48.83")));
            }
        }
        for (JsonNode h : tk.get("tls_handshakes")) {
            ((ObjectNode) h).put("failure", "ssl_invalid_hostname").put("address", "203.82.48.83:443");
        }
        for (JsonNode r : tk.get("requests")) {
            ((ObjectNode) r).put("failure", "ssl_invalid_hostname");
        }
        tk.put("registration_server_status", "blocked").put("whatsapp_web_status", "blocked");

        Mapping m = mapper.map(raw, UID);

        assertThat(m.measurement().getPlatform()).isEqualTo("whatsapp");
        assertThat(m.measurement().getOutcome()).isEqualTo(Outcome.DNS_MISMATCH);
        assertThat(m.measurement().getOutcomeDetail()).startsWith("ooni.pk_3");
        assertThat(m.measurement().getTargetHost()).isEqualTo("v.whatsapp.net");
        assertThat(m.measurement().getDnsAnswers()).containsExactly("203.82.48.83");
    }

    @Test
    void aFailedHandshakeOnPort443DoesNotCountAgainstAPlainHttpSiteThatAnswered() {
        ObjectNode raw = doc(
                "synthetic-qa/ooni_probe-cli__internal__minipipeline__testdata__webconnectivity__generated__httpBlockingConnectionReset__measurement.json");
        raw.put("report_id", "20240212T203347Z_webconnectivity_IT_137_n1_abcdefgh");
        ObjectNode tk = (ObjectNode) raw.get("test_keys");
        for (JsonNode h : tk.get("tls_handshakes")) {
            ((ObjectNode) h).put("failure", "connection_reset");
        }
        ObjectNode request = (ObjectNode) tk.at("/requests/0");
        request.putNull("failure");
        ((ObjectNode) request.get("response"))
                .put("code", 200)
                .put("body", "<html><title>Example Domain</title></html>");
        tk.put("http_experiment_failure", (String) null).put("blocking", false).put("accessible", true);

        Mapping m = mapper.map(raw, UID);

        assertThat(m.measurement().getPlatform()).isEqualTo("control");
        assertThat(m.measurement().getOutcome()).as(m.toString()).isEqualTo(Outcome.OK);
        assertThat(m.measurement().getHttpStatus()).isEqualTo(200);
    }
}
