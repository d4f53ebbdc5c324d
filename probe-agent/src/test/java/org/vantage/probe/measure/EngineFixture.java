package org.vantage.probe.measure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.vantage.probe.measure.testing.LoopbackDnsServer;
import org.vantage.probe.measure.testing.TestCertificates;

/**
 * Common engine set-up for the loopback integration tests: a DNS server mapping test names to
 * 127.0.0.1, loopback allowed past the bogon filter, and a trust store holding the test
 * certificates for {@code *.test} names (so certificate failures are about host names, not trust).
 */
final class EngineFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2024-01-20T15:00:00Z");
    /** Every loopback site name the tests use: one certificate for all (keytool runs are slow). */
    static final String[] SITE_NAMES = {
        "site.test", "blocked.test", "allowed.test", "media.test", "cdn.test", "hijacked.test", "good.test"
    };
    /** A name no test site uses: its certificate is valid, but for the wrong host. */
    static final String OTHER_HOST = "elsewhere.test";
    /**
     * Timeout of a phase a test expects to time out. Every other phase gets {@link #GENEROUS}, so a
     * slow first TLS handshake on a loaded machine cannot turn a success into a flaky timeout.
     */
    static final Duration SHORT = Duration.ofMillis(300);

    static final Duration GENEROUS = Duration.ofSeconds(5);

    final LoopbackDnsServer dns;
    final TestCertificates.ServerCertificate siteCert;
    final TestCertificates.ServerCertificate otherHostCert;

    EngineFixture(String... loopbackNames) throws Exception {
        dns = LoopbackDnsServer.start();
        for (String name : loopbackNames) {
            dns.answer(name, "127.0.0.1");
        }
        siteCert = TestCertificates.selfSigned(SITE_NAMES);
        otherHostCert = TestCertificates.selfSigned(OTHER_HOST);
    }

    MeasurementSettings.Builder settings() {
        return MeasurementSettings.builder()
                .allTimeouts(GENEROUS)
                .resolvers(List.of(ResolverSpec.of(dns.address(), dns.port())))
                .bogonFilter(BogonFilter.standard().allowing("127.0.0.0/8"))
                .tlsTrust(TlsTrust.of(TestCertificates.trustStoreOf(siteCert, otherHostCert)));
    }

    MeasurementEngine engine(MeasurementSettings settings) {
        return new MeasurementEngine(settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    MeasurementResult measure(String url) {
        return engine(settings().build()).measure(MeasurementTarget.of("twitter", url));
    }

    @Override
    public void close() {
        dns.close();
    }
}
