package org.vantage.probe.measure.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vantage.probe.measure.BlockPageFingerprint;
import org.vantage.probe.measure.BogonFilter;
import org.vantage.probe.measure.MeasurementSettings;
import org.vantage.probe.measure.MeasurementTarget;
import org.vantage.probe.measure.ResolverSpec;
import org.vantage.probe.measure.TlsTrust;
import org.vantage.schema.Outcome;

/**
 * A whole loopback "internet" for end-to-end tests of whatever drives the engine (the agent, fault
 * tests): one DNS server and the web servers behind it, with one target per failure mode, each
 * paired with the outcome the engine must report for it. Start it, measure {@link #targets()}
 * with {@link #settings()} (or configure a child process with {@link #resolver()},
 * {@link #writeTrustStore(Path, char[])}, {@link #BLOCK_PAGE_PATTERN}), compare with
 * {@link #expectedOutcomes()}.
 */
public final class LoopbackSites implements AutoCloseable {
    /** Block-page fingerprint (body) the blocked site's page matches. */
    public static final String BLOCK_PAGE_PATTERN = "blocked by order of the regulator";
    /** Throughput floor under which the throttled site's trickle (about 20 KB/s) falls. */
    public static final double THROUGHPUT_FLOOR_BPS = 200_000;

    private static final int BLOB = 256 * 1024;

    private static final String[] NAMES = {
        "ok.site.test",
        "blockpage.site.test",
        "error.site.test",
        "sni.site.test",
        "reset.site.test",
        "refused.site.test",
        "throttled.site.test",
        "fast.site.test"
    };

    private final LoopbackDnsServer dns;
    private final LoopbackHttpServer plain;
    private final LoopbackHttpServer secure;
    private final SniFilteringProxy sniFilter;
    private final TcpFaultServer resetter;
    private final TestCertificates.ServerCertificate certificate;
    private final Map<MeasurementTarget, Outcome> expected = new LinkedHashMap<>();

    private LoopbackSites() throws IOException {
        certificate = TestCertificates.selfSigned(NAMES);
        dns = LoopbackDnsServer.start();
        dns.nxdomain("gone.site.test");
        for (String name : NAMES) {
            dns.answer(name, "127.0.0.1");
        }
        plain = LoopbackHttpServer.http()
                .page("/", 200, "<html><title>ok</title>fine</html>")
                .page("/blocked", 403, "<html><title>Notice</title>This site is " + BLOCK_PAGE_PATTERN + ".</html>")
                .page("/down", 503, "<html>unavailable</html>")
                .trickle("/slow", BLOB, 1024, Duration.ofMillis(50));
        secure = LoopbackHttpServer.https(certificate)
                .page("/", 200, "<html><title>ok</title>secure</html>")
                .blob("/fast", BLOB);
        sniFilter = SniFilteringProxy.start(secure.port(), "sni.site.test");
        resetter = TcpFaultServer.resetting(true);
        int refused = TcpFaultServer.closedPort();

        expect("control", "https://ok.site.test:" + secure.port() + "/", Outcome.OK);
        expect("twitter", "http://gone.site.test:" + plain.port() + "/", Outcome.DNS_NXDOMAIN);
        expect("facebook", "http://blockpage.site.test:" + plain.port() + "/blocked", Outcome.HTTP_BLOCK_PAGE);
        expect("instagram", "http://error.site.test:" + plain.port() + "/down", Outcome.HTTP_ERROR_STATUS);
        expect("twitter", "https://sni.site.test:" + sniFilter.port() + "/", Outcome.TLS_RESET);
        expect("whatsapp", "http://reset.site.test:" + resetter.port() + "/", Outcome.TCP_RESET);
        expect("telegram", "http://refused.site.test:" + refused + "/", Outcome.TCP_REFUSED);
        String slow = "http://throttled.site.test:" + plain.port();
        expected.put(
                MeasurementTarget.of("youtube", slow + "/").withThroughput(slow + "/slow", BLOB), Outcome.THROTTLED);
        String fast = "https://fast.site.test:" + secure.port();
        expected.put(MeasurementTarget.of("control", fast + "/").withThroughput(fast + "/fast", BLOB), Outcome.OK);
    }

    public static LoopbackSites start() throws IOException {
        return new LoopbackSites();
    }

    private void expect(String platform, String url, Outcome outcome) {
        expected.put(MeasurementTarget.of(platform, url), outcome);
    }

    public List<MeasurementTarget> targets() {
        return new ArrayList<>(expected.keySet());
    }

    /** Each target with the outcome the engine must classify it as. */
    public Map<MeasurementTarget, Outcome> expectedOutcomes() {
        return Map.copyOf(expected);
    }

    public ResolverSpec resolver() {
        return ResolverSpec.of(dns.address(), dns.port());
    }

    /** Writes a PKCS12 trust store trusting the sites' certificate. */
    public void writeTrustStore(Path file, char[] password) {
        TestCertificates.writeTrustStore(file, password, certificate);
    }

    /**
     * Settings that make every expected outcome come out: this DNS server, loopback allowed past
     * the bogon filter, the sites' certificate trusted, the block-page fingerprint, the floor, and
     * a throughput budget short enough to end the trickle quickly.
     */
    public MeasurementSettings.Builder settings() {
        return MeasurementSettings.builder()
                .allTimeouts(Duration.ofSeconds(5))
                .throughputTimeout(Duration.ofMillis(400))
                .resolvers(List.of(resolver()))
                .bogonFilter(BogonFilter.standard().allowing("127.0.0.0/8"))
                .tlsTrust(TlsTrust.of(TestCertificates.trustStoreOf(certificate)))
                .blockPageFingerprints(List.of(BlockPageFingerprint.of("regulator-notice", "body", BLOCK_PAGE_PATTERN)))
                .throughputFloorBps(THROUGHPUT_FLOOR_BPS);
    }

    @Override
    public void close() throws IOException {
        sniFilter.close();
        resetter.close();
        plain.close();
        secure.close();
        dns.close();
    }
}
