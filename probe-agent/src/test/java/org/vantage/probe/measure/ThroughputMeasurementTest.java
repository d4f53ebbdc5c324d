package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vantage.probe.measure.testing.LoopbackHttpServer;
import org.vantage.schema.Outcome;

/**
 * Throughput: a trickling server (1 KiB every 50 ms, about 20 KB/s) against a 200 KB/s floor is
 * THROTTLED; a server sending at loopback speed is OK. Both rates are recorded.
 */
class ThroughputMeasurementTest {
    private static final double FLOOR_BPS = 200_000;
    private static final int SIZE = 256 * 1024;

    private static EngineFixture fixture;
    private static LoopbackHttpServer plain;
    private static LoopbackHttpServer tls;

    @BeforeAll
    static void start() throws Exception {
        fixture = new EngineFixture("media.test");
        plain = LoopbackHttpServer.http()
                .page("/", 200, "<html>home</html>")
                .page("/nothing-here", 404, "<html>not found</html>")
                .page("/tiny", 200, "<html>tiny</html>")
                .blob("/fast", SIZE)
                .trickle("/slow", SIZE, 1024, Duration.ofMillis(50));
        tls = LoopbackHttpServer.https(fixture.siteCert)
                .page("/", 200, "<html>home</html>")
                .blob("/fast", SIZE)
                .trickle("/slow", SIZE, 1024, Duration.ofMillis(50));
    }

    @AfterAll
    static void stop() {
        plain.close();
        tls.close();
        fixture.close();
    }

    private static MeasurementResult measure(String base, String path) {
        // The trickle would take 13 s: the short budget ends it, the rate is what arrived meanwhile.
        MeasurementEngine engine = fixture.engine(fixture.settings()
                .throughputTimeout(Duration.ofMillis(400))
                .throughputFloorBps(FLOOR_BPS)
                .build());
        MeasurementTarget target = MeasurementTarget.of("youtube", base + "/").withThroughput(base + path, SIZE);
        return engine.measure(target);
    }

    @Test
    void tricklingTransferIsThrottled() {
        MeasurementResult r = measure("http://media.test:" + plain.port(), "/slow");
        assertThat(r.outcome()).isEqualTo(Outcome.THROTTLED);
        assertThat(r.throughputBps()).isNotNull().isPositive().isLessThan(FLOOR_BPS);
        assertThat(r.httpStatus()).isEqualTo(200);
    }

    @Test
    void fastTransferIsOkWithThroughputAboveTheFloor() {
        MeasurementResult r = measure("http://media.test:" + plain.port(), "/fast");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.throughputBps()).isNotNull().isGreaterThan(FLOOR_BPS);
    }

    @Test
    void tricklingTransferOverTlsIsThrottled() {
        MeasurementResult r = measure("https://media.test:" + tls.port(), "/slow");
        assertThat(r.outcome()).isEqualTo(Outcome.THROTTLED);
        assertThat(r.throughputBps()).isLessThan(FLOOR_BPS);
    }

    @Test
    void fastTransferOverTlsIsOk() {
        MeasurementResult r = measure("https://media.test:" + tls.port(), "/fast");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.throughputBps()).isGreaterThan(FLOOR_BPS);
    }

    @Test
    void tinyCompleteBodyGivesNoRate() {
        MeasurementResult r = measure("http://media.test:" + plain.port(), "/tiny");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.throughputBps()).isNull();
    }

    @Test
    void missingThroughputResourceIsNotTimedAndIsErrorStatusWhenStrict() {
        MeasurementResult r = measure("http://media.test:" + plain.port(), "/nothing-here");
        assertThat(r.outcome()).isEqualTo(Outcome.OK); // 404 is not an error status by default...
        assertThat(r.throughputBps()).isNull(); // ...and timing a tiny error page would be meaningless
        MeasurementEngine strict = fixture.engine(
                fixture.settings().statusPolicy(HttpStatusPolicy.STRICT).build());
        String base = "http://media.test:" + plain.port();
        MeasurementResult s = strict.measure(
                MeasurementTarget.of("youtube", base + "/").withThroughput(base + "/nothing-here", SIZE));
        assertThat(s.outcome()).isEqualTo(Outcome.HTTP_ERROR_STATUS);
        assertThat(s.outcomeDetail()).startsWith("throughput transfer:");
    }
}
