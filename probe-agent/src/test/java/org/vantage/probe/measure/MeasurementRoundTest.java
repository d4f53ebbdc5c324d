package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.vantage.probe.measure.testing.LoopbackDnsServer;
import org.vantage.probe.measure.testing.LoopbackHttpServer;
import org.vantage.probe.measure.testing.TcpFaultServer;
import org.vantage.schema.Outcome;

class MeasurementRoundTest {
    @Test
    void measuresEveryTargetThroughEveryResolverInOrder() throws Exception {
        try (EngineFixture fixture = new EngineFixture("site.test");
                LoopbackDnsServer second = LoopbackDnsServer.start();
                LoopbackHttpServer web =
                        LoopbackHttpServer.http().page("/", 200, "ok").page("/down", 503, "down")) {
            second.nxdomain("site.test");
            ResolverSpec first = ResolverSpec.of(fixture.dns.address(), fixture.dns.port());
            ResolverSpec other = ResolverSpec.of(second.address(), second.port());
            MeasurementEngine engine = fixture.engine(
                    fixture.settings().resolvers(List.of(first, other)).build());
            List<MeasurementTarget> targets = List.of(
                    MeasurementTarget.of("control", "http://site.test:" + web.port() + "/"),
                    MeasurementTarget.of("twitter", "http://site.test:" + web.port() + "/down"),
                    MeasurementTarget.of("facebook", "http://site.test:" + TcpFaultServer.closedPort() + "/"));
            Set<String> streamed = ConcurrentHashMap.newKeySet();
            List<MeasurementResult> results;
            try (MeasurementRound round = new MeasurementRound(engine, 2)) {
                results = round.run(targets, r -> streamed.add(r.measurementId()));
            }
            assertThat(results)
                    .extracting(MeasurementResult::outcome)
                    .containsExactly(
                            Outcome.OK, Outcome.DNS_NXDOMAIN,
                            Outcome.HTTP_ERROR_STATUS, Outcome.DNS_NXDOMAIN,
                            Outcome.TCP_REFUSED, Outcome.DNS_NXDOMAIN);
            assertThat(results)
                    .extracting(MeasurementResult::resolver)
                    .containsExactly(
                            first.label(), other.label(), first.label(), other.label(), first.label(), other.label());
            assertThat(streamed)
                    .containsExactlyInAnyOrderElementsOf(results.stream()
                            .map(MeasurementResult::measurementId)
                            .toList());
            assertThat(streamed).hasSize(6); // every id unique
        }
    }
}
