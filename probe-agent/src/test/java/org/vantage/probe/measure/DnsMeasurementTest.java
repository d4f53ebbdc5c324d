package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vantage.probe.measure.testing.LoopbackDnsServer;
import org.vantage.probe.measure.testing.LoopbackHttpServer;
import org.vantage.probe.measure.testing.TestCertificates;
import org.vantage.schema.Outcome;

/** DNS classification against a scripted loopback DNS server, end to end through the engine. */
class DnsMeasurementTest {
    private static final Instant NOW = Instant.parse("2024-01-20T15:00:00Z");

    private static LoopbackDnsServer dns;
    private static LoopbackDnsServer control;
    private static LoopbackHttpServer web;
    private static LoopbackHttpServer webWithOtherCert;
    private static TestCertificates.ServerCertificate siteCert;

    @BeforeAll
    static void startServers() throws Exception {
        dns = LoopbackDnsServer.start();
        control = LoopbackDnsServer.start();
        web = LoopbackHttpServer.http().page("/", 200, "<html><title>ok</title>hello</html>");
        siteCert = TestCertificates.selfSigned(EngineFixture.SITE_NAMES);
        webWithOtherCert = LoopbackHttpServer.https(TestCertificates.selfSigned(EngineFixture.OTHER_HOST))
                .page("/", 200, "<html>impostor</html>");
        dns.nxdomain("gone.test")
                .servfail("broken.test")
                .answer("sinkholed.test", "10.10.34.34")
                .empty("empty.test")
                .silent("silent.test")
                .answer("good.test", "127.0.0.1")
                .answer("poisoned.test", "127.0.0.1")
                .answer("cdn.test", "127.0.0.1")
                .answer("hijacked.test", "127.0.0.1")
                .rcode("refused.test", org.xbill.DNS.Rcode.REFUSED);
        // The control resolver sees other addresses (another /24) for the names whose answers differ.
        control.answer("poisoned.test", "127.0.5.5")
                .answer("cdn.test", "127.0.5.5")
                .answer("hijacked.test", "127.0.5.5")
                .answer("good.test", "127.0.0.1");
    }

    @AfterAll
    static void stopServers() {
        dns.close();
        control.close();
        web.close();
        webWithOtherCert.close();
    }

    private static MeasurementSettings.Builder settings() {
        return MeasurementSettings.builder()
                .allTimeouts(EngineFixture.GENEROUS)
                .dnsTimeout(EngineFixture.SHORT)
                .resolvers(java.util.List.of(ResolverSpec.of(dns.address(), dns.port())))
                .bogonFilter(BogonFilter.standard().allowing("127.0.0.0/8"))
                .tlsTrust(TlsTrust.of(TestCertificates.trustStoreOf(
                        siteCert, TestCertificates.selfSigned(EngineFixture.OTHER_HOST))));
    }

    private static MeasurementResult measure(MeasurementSettings settings, String url) {
        MeasurementEngine engine = new MeasurementEngine(settings, Clock.fixed(NOW, ZoneOffset.UTC));
        return engine.measure(MeasurementTarget.of("twitter", url));
    }

    private static MeasurementResult measure(String host) {
        return measure(settings().build(), "http://" + host + ":" + web.port() + "/");
    }

    @Test
    void nxdomainIsClassified() {
        MeasurementResult r = measure("gone.test");
        assertThat(r.outcome()).isEqualTo(Outcome.DNS_NXDOMAIN);
        assertThat(r.outcomeDetail()).contains("NXDOMAIN");
        assertThat(r.dnsMs()).isNotNull();
        assertThat(r.connectMs()).isNull();
        assertThat(r.resolver()).isEqualTo("127.0.0.1:" + dns.port());
    }

    @Test
    void servfailIsClassified() {
        assertThat(measure("broken.test").outcome()).isEqualTo(Outcome.DNS_SERVFAIL);
    }

    @Test
    void refusedRcodeCountsAsServfail() {
        MeasurementResult r = measure("refused.test");
        assertThat(r.outcome()).isEqualTo(Outcome.DNS_SERVFAIL);
        assertThat(r.outcomeDetail()).contains("REFUSED");
    }

    @Test
    void privateAddressAnswerIsBogon() {
        MeasurementResult r = measure("sinkholed.test");
        assertThat(r.outcome()).isEqualTo(Outcome.DNS_BOGON);
        assertThat(r.dnsAnswers()).containsExactly("10.10.34.34");
        assertThat(r.outcomeDetail()).contains("10.0.0.0/8");
    }

    @Test
    void loopbackAnswerIsBogonUnlessAllowed() {
        MeasurementResult strict =
                measure(settings().bogonFilter(BogonFilter.standard()).build(), "http://good.test:" + web.port() + "/");
        assertThat(strict.outcome()).isEqualTo(Outcome.DNS_BOGON);
        assertThat(strict.outcomeDetail()).contains("127.0.0.0/8");
    }

    @Test
    void aaaaAnswerIsUsedWhenThereIsNoA() {
        dns.answer("v6only.test", "2001:db8::34");
        MeasurementResult r = measure("v6only.test");
        assertThat(r.outcome()).isEqualTo(Outcome.DNS_BOGON); // documentation prefix, and it came from AAAA
        assertThat(r.dnsAnswers()).containsExactly("2001:db8:0:0:0:0:0:34");
    }

    @Test
    void emptyAnswerIsNoAnswer() {
        assertThat(measure("empty.test").outcome()).isEqualTo(Outcome.DNS_NO_ANSWER);
    }

    @Test
    void silentResolverTimesOut() {
        MeasurementResult r = measure("silent.test");
        assertThat(r.outcome()).isEqualTo(Outcome.DNS_TIMEOUT);
        assertThat(r.dnsMs()).isGreaterThanOrEqualTo((int) EngineFixture.SHORT.toMillis() / 2);
    }

    @Test
    void correctLoopbackAnswerGoesOnToOk() {
        MeasurementResult r = measure("good.test");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.dnsAnswers()).containsExactly("127.0.0.1");
        assertThat(r.httpStatus()).isEqualTo(200);
    }

    @Test
    void answerAgreeingWithControlIsOk() {
        MeasurementResult r = measure(
                settings()
                        .controlResolver(ResolverSpec.of(control.address(), control.port()))
                        .build(),
                "http://good.test:" + web.port() + "/");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void controlResolverWithoutAnswerGivesNoVerdict() {
        // The control knows nothing of good-only.test (NXDOMAIN): the probe's own answer stands.
        dns.answer("good-only.test", "127.0.0.1");
        MeasurementResult r = measure(
                settings()
                        .controlResolver(ResolverSpec.of(control.address(), control.port()))
                        .build(),
                "http://good-only.test:" + web.port() + "/");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void plainHttpAnswerDisjointFromControlIsMismatch() {
        MeasurementResult r = measure(
                settings()
                        .controlResolver(ResolverSpec.of(control.address(), control.port()))
                        .build(),
                "http://poisoned.test:" + web.port() + "/");
        assertThat(r.outcome()).isEqualTo(Outcome.DNS_MISMATCH);
        assertThat(r.outcomeDetail()).contains("127.0.0.1").contains("127.0.5.5");
    }

    @Test
    void disjointAnswerProvenByValidCertificateIsNotMismatch() throws Exception {
        // A CDN node the control resolver did not pick: the certificate proves the answer genuine.
        try (LoopbackHttpServer cdn = LoopbackHttpServer.https(siteCert).page("/", 200, "<html>cdn</html>")) {
            MeasurementResult r = measure(
                    settings()
                            .controlResolver(ResolverSpec.of(control.address(), control.port()))
                            .build(),
                    "https://cdn.test:" + cdn.port() + "/");
            assertThat(r.outcome()).isEqualTo(Outcome.OK);
            assertThat(r.tlsMs()).isNotNull();
        }
    }

    @Test
    void disjointAnswerThatFailsCertificateCheckIsMismatch() {
        MeasurementResult r = measure(
                settings()
                        .controlResolver(ResolverSpec.of(control.address(), control.port()))
                        .build(),
                "https://hijacked.test:" + webWithOtherCert.port() + "/");
        assertThat(r.outcome()).isEqualTo(Outcome.DNS_MISMATCH);
        assertThat(r.outcomeDetail()).contains("TLS_CERT_INVALID");
    }
}
