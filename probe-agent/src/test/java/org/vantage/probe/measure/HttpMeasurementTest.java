package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vantage.probe.measure.testing.LoopbackHttpServer;
import org.vantage.probe.measure.testing.TcpFaultServer;
import org.vantage.schema.Outcome;

/** HTTP classification: healthy page, block page, error status, no response. */
class HttpMeasurementTest {
    private static final String BLOCK_PAGE =
            "<html><head><title>Site Restricted</title></head><body>This site has been blocked by PTA.</body></html>";

    private static EngineFixture fixture;
    private static LoopbackHttpServer plain;
    private static LoopbackHttpServer tls;

    @BeforeAll
    static void start() throws Exception {
        fixture = new EngineFixture("site.test");
        plain = LoopbackHttpServer.http()
                .page("/ok", 200, "<html><title>Home</title>" + "a".repeat(5000) + "</html>")
                .page("/blocked", 200, BLOCK_PAGE)
                .page("/blocked-403", 403, BLOCK_PAGE)
                .page("/unavailable", 503, "<html>try later</html>")
                .page("/missing", 404, "<html>no such page</html>")
                .page("/legal", 451, "<html>unavailable for legal reasons</html>");
        tls = LoopbackHttpServer.https(fixture.siteCert)
                .page("/ok", 200, "<html><title>Home</title>secure</html>")
                .page("/blocked", 200, BLOCK_PAGE);
    }

    @AfterAll
    static void stop() {
        plain.close();
        tls.close();
        fixture.close();
    }

    private static MeasurementResult measure(MeasurementSettings.Builder settings, String url) {
        return fixture.engine(settings.build()).measure(MeasurementTarget.of("facebook", url));
    }

    private static MeasurementSettings.Builder withFingerprints() {
        return fixture.settings()
                .blockPageFingerprints(List.of(
                        BlockPageFingerprint.of("pta-notice", "body", "blocked by PTA"),
                        BlockPageFingerprint.of("restricted-title", "title", "site.*restricted")));
    }

    @Test
    void healthyPlainPageIsOkWithTimings() {
        MeasurementResult r = measure(withFingerprints(), "http://site.test:" + plain.port() + "/ok");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.outcomeDetail()).isNull();
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.bytesReceived()).isEqualTo(5000 + "<html><title>Home</title></html>".length());
        assertThat(r.dnsMs()).isNotNull();
        assertThat(r.connectMs()).isNotNull();
        assertThat(r.tlsMs()).isNull(); // plain HTTP skips TLS
        assertThat(r.firstByteMs()).isNotNull();
        assertThat(r.totalMs()).isNotNull().isGreaterThanOrEqualTo(r.firstByteMs());
        assertThat(r.throughputBps()).isNull();
        assertThat(r.eventTime()).isEqualTo(EngineFixture.NOW);
    }

    @Test
    void healthyHttpsPageIsOkWithTlsTiming() {
        MeasurementResult r = measure(withFingerprints(), "https://site.test:" + tls.port() + "/ok");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.tlsMs()).isNotNull();
        assertThat(r.firstByteMs()).isNotNull();
    }

    @Test
    void bodyFingerprintIsBlockPage() {
        MeasurementResult r = measure(withFingerprints(), "http://site.test:" + plain.port() + "/blocked");
        assertThat(r.outcome()).isEqualTo(Outcome.HTTP_BLOCK_PAGE);
        assertThat(r.outcomeDetail()).contains("pta-notice");
        assertThat(r.httpStatus()).isEqualTo(200);
    }

    @Test
    void titleFingerprintIsBlockPage() {
        MeasurementSettings.Builder titleOnly = fixture.settings()
                .blockPageFingerprints(
                        List.of(BlockPageFingerprint.of("restricted-title", "title", "site.*restricted")));
        MeasurementResult r = measure(titleOnly, "https://site.test:" + tls.port() + "/blocked");
        assertThat(r.outcome()).isEqualTo(Outcome.HTTP_BLOCK_PAGE);
        assertThat(r.outcomeDetail()).contains("restricted-title").contains("title");
    }

    @Test
    void blockPageWinsOverErrorStatus() {
        MeasurementResult r = measure(withFingerprints(), "http://site.test:" + plain.port() + "/blocked-403");
        assertThat(r.outcome()).isEqualTo(Outcome.HTTP_BLOCK_PAGE);
        assertThat(r.httpStatus()).isEqualTo(403);
    }

    @Test
    void blockPageWithoutFingerprintsIsNotRecognised() {
        MeasurementResult r = measure(fixture.settings(), "http://site.test:" + plain.port() + "/blocked");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void serviceUnavailableIsErrorStatus() {
        MeasurementResult r = measure(withFingerprints(), "http://site.test:" + plain.port() + "/unavailable");
        assertThat(r.outcome()).isEqualTo(Outcome.HTTP_ERROR_STATUS);
        assertThat(r.httpStatus()).isEqualTo(503);
        assertThat(r.outcomeDetail()).contains("503");
    }

    @Test
    void unavailableForLegalReasonsIsErrorStatusByDefault() {
        assertThat(measure(withFingerprints(), "http://site.test:" + plain.port() + "/legal")
                        .outcome())
                .isEqualTo(Outcome.HTTP_ERROR_STATUS);
    }

    @Test
    void notFoundIsOkByDefaultButErrorWhenStrict() {
        String url = "http://site.test:" + plain.port() + "/missing";
        assertThat(measure(withFingerprints(), url).outcome()).isEqualTo(Outcome.OK);
        assertThat(measure(withFingerprints().statusPolicy(HttpStatusPolicy.STRICT), url)
                        .outcome())
                .isEqualTo(Outcome.HTTP_ERROR_STATUS);
        assertThat(measure(withFingerprints().statusPolicy(new HttpStatusPolicy(400, Set.of(), Set.of(404))), url)
                        .outcome())
                .isEqualTo(Outcome.OK);
    }

    @Test
    void unansweredRequestIsHttpTimeout() throws Exception {
        try (TcpFaultServer silent = TcpFaultServer.silent()) {
            MeasurementResult r = measure(
                    withFingerprints().httpTimeout(EngineFixture.SHORT), "http://site.test:" + silent.port() + "/");
            assertThat(r.outcome()).isEqualTo(Outcome.HTTP_TIMEOUT);
            assertThat(r.firstByteMs()).isNull();
            assertThat(r.httpStatus()).isNull();
        }
    }

    @Test
    void bodyIsReadOnlyUpToTheCap() {
        MeasurementResult r =
                measure(withFingerprints().maxBodyBytes(1000), "http://site.test:" + plain.port() + "/ok");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.bytesReceived()).isEqualTo(1000);
    }
}
