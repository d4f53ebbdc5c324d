package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vantage.probe.measure.testing.TcpFaultServer;
import org.vantage.schema.Outcome;

/** TCP classification against loopback listeners that reset, never accept, or do not exist. */
class TcpMeasurementTest {
    private static EngineFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new EngineFixture("site.test");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void closedPortIsRefused() throws Exception {
        MeasurementResult r = fixture.measure("http://site.test:" + TcpFaultServer.closedPort() + "/");
        assertThat(r.outcome()).isEqualTo(Outcome.TCP_REFUSED);
        assertThat(r.connectMs()).isNotNull();
        assertThat(r.tlsMs()).isNull();
        assertThat(r.httpStatus()).isNull();
    }

    @Test
    void fullAcceptQueueTimesOut() throws Exception {
        try (TcpFaultServer server = TcpFaultServer.neverAccepting()) {
            MeasurementEngine engine = fixture.engine(
                    fixture.settings().connectTimeout(EngineFixture.SHORT).build());
            MeasurementResult r =
                    engine.measure(MeasurementTarget.of("twitter", "http://site.test:" + server.port() + "/"));
            assertThat(r.outcome()).isEqualTo(Outcome.TCP_TIMEOUT);
            assertThat(r.connectMs()).isGreaterThanOrEqualTo((int) EngineFixture.SHORT.toMillis() / 2);
        }
    }

    @Test
    void resetAfterTheRequestIsTcpReset() throws Exception {
        try (TcpFaultServer server = TcpFaultServer.resetting(true)) {
            MeasurementResult r = fixture.measure("http://site.test:" + server.port() + "/");
            assertThat(r.outcome()).isEqualTo(Outcome.TCP_RESET);
            assertThat(r.outcomeDetail()).contains("reset");
            assertThat(r.httpStatus()).isNull();
        }
    }

    @Test
    void resetRightAfterAcceptIsTcpReset() throws Exception {
        try (TcpFaultServer server = TcpFaultServer.resetting(false)) {
            MeasurementResult r = fixture.measure("http://site.test:" + server.port() + "/");
            assertThat(r.outcome()).isEqualTo(Outcome.TCP_RESET);
        }
    }

    @Test
    void nextAddressIsTriedWhenTheFirstFails() throws Exception {
        // Listeners bind 127.0.0.1 only, so the same port on 127.0.0.2 refuses.
        fixture.dns.answer("two.test", "127.0.0.2", "127.0.0.1");
        try (var web =
                org.vantage.probe.measure.testing.LoopbackHttpServer.http().page("/", 200, "ok")) {
            MeasurementResult r = fixture.measure("http://two.test:" + web.port() + "/");
            assertThat(r.outcome()).isEqualTo(Outcome.OK);
            assertThat(r.dnsAnswers()).containsExactly("127.0.0.2", "127.0.0.1");
        }
    }

    @Test
    void whenEveryAddressFailsTheFirstFailureIsTheOutcome() throws Exception {
        int closed = TcpFaultServer.closedPort();
        fixture.dns.answer("none.test", "127.0.0.2", "127.0.0.1");
        MeasurementResult r = fixture.measure("http://none.test:" + closed + "/");
        assertThat(r.outcome()).isEqualTo(Outcome.TCP_REFUSED);
        assertThat(r.outcomeDetail()).contains("127.0.0.2:" + closed).contains("127.0.0.1:" + closed);
    }

    @Test
    void ipLiteralTargetSkipsDns() throws Exception {
        MeasurementResult r = fixture.measure("http://127.0.0.1:" + TcpFaultServer.closedPort() + "/");
        assertThat(r.outcome()).isEqualTo(Outcome.TCP_REFUSED);
        assertThat(r.dnsMs()).isNull();
        assertThat(r.resolver()).isNull();
        assertThat(r.dnsAnswers()).isEmpty();
    }
}
