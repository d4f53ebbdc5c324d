package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vantage.probe.measure.testing.LoopbackHttpServer;
import org.vantage.probe.measure.testing.SniFilteringProxy;
import org.vantage.probe.measure.testing.TcpFaultServer;
import org.vantage.probe.measure.testing.TestCertificates;
import org.vantage.schema.Outcome;

/** TLS classification: SNI filtering, wrong certificate, silent server, non-TLS server. */
class TlsMeasurementTest {
    private static EngineFixture fixture;
    private static LoopbackHttpServer site;
    private static SniFilteringProxy sniFilter;

    @BeforeAll
    static void start() throws Exception {
        fixture = new EngineFixture("blocked.test", "allowed.test");
        site = LoopbackHttpServer.https(fixture.siteCert).page("/", 200, "<html><title>fine</title></html>");
        sniFilter = SniFilteringProxy.start(site.port(), "blocked.test");
    }

    @AfterAll
    static void stop() throws Exception {
        sniFilter.close();
        site.close();
        fixture.close();
    }

    @Test
    void resetAfterClientHelloForBlockedSniIsTlsReset() {
        MeasurementResult r = fixture.measure("https://blocked.test:" + sniFilter.port() + "/");
        assertThat(r.outcome()).isEqualTo(Outcome.TLS_RESET);
        assertThat(r.connectMs()).isNotNull();
        assertThat(r.tlsMs()).isNotNull();
        assertThat(r.httpStatus()).isNull();
    }

    @Test
    void closeAfterClientHelloForBlockedSniIsTlsReset() throws Exception {
        try (SniFilteringProxy finFilter =
                SniFilteringProxy.start(site.port(), SniFilteringProxy.Action.CLOSE, "blocked.test")) {
            MeasurementResult r = fixture.measure("https://blocked.test:" + finFilter.port() + "/");
            assertThat(r.outcome()).isEqualTo(Outcome.TLS_RESET);
            assertThat(fixture.measure("https://allowed.test:" + finFilter.port() + "/")
                            .outcome())
                    .isEqualTo(Outcome.OK);
        }
    }

    @Test
    void sameFilterLetsOtherSniThrough() {
        MeasurementResult r = fixture.measure("https://allowed.test:" + sniFilter.port() + "/");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.httpStatus()).isEqualTo(200);
    }

    @Test
    void certificateForAnotherHostIsCertInvalid() throws Exception {
        try (LoopbackHttpServer impostor =
                LoopbackHttpServer.https(fixture.otherHostCert).page("/", 200, "x")) {
            MeasurementResult r = fixture.measure("https://allowed.test:" + impostor.port() + "/");
            assertThat(r.outcome()).isEqualTo(Outcome.TLS_CERT_INVALID);
            assertThat(r.outcomeDetail()).contains("allowed.test");
        }
    }

    @Test
    void untrustedCertificateIsCertInvalid() throws Exception {
        KeyStore trustsOnlyOtherHost = TestCertificates.trustStoreOf(fixture.otherHostCert);
        MeasurementEngine engine = fixture.engine(
                fixture.settings().tlsTrust(TlsTrust.of(trustsOnlyOtherHost)).build());
        MeasurementResult r =
                engine.measure(MeasurementTarget.of("twitter", "https://allowed.test:" + site.port() + "/"));
        assertThat(r.outcome()).isEqualTo(Outcome.TLS_CERT_INVALID);
    }

    @Test
    void unansweredClientHelloIsTlsTimeout() throws Exception {
        try (TcpFaultServer silent = TcpFaultServer.silent()) {
            MeasurementEngine engine = fixture.engine(
                    fixture.settings().tlsTimeout(EngineFixture.SHORT).build());
            MeasurementResult r =
                    engine.measure(MeasurementTarget.of("twitter", "https://allowed.test:" + silent.port() + "/"));
            assertThat(r.outcome()).isEqualTo(Outcome.TLS_TIMEOUT);
            assertThat(r.tlsMs()).isGreaterThanOrEqualTo((int) EngineFixture.SHORT.toMillis() / 2);
        }
    }

    @Test
    void nonTlsServerIsHandshakeFailure() throws Exception {
        try (TcpFaultServer plain = TcpFaultServer.replying("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")) {
            MeasurementResult r = fixture.measure("https://allowed.test:" + plain.port() + "/");
            assertThat(r.outcome()).isEqualTo(Outcome.TLS_HANDSHAKE_FAILURE);
        }
    }
}
