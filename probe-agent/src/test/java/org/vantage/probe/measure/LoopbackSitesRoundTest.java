package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.probe.measure.testing.LoopbackSites;
import org.vantage.schema.Outcome;

/** A concurrent round over a loopback world with one site per failure mode. */
class LoopbackSitesRoundTest {
    @Test
    void everyFailureModeIsClassifiedInOneConcurrentRound() throws Exception {
        try (LoopbackSites sites = LoopbackSites.start();
                MeasurementRound round = new MeasurementRound(
                        new MeasurementEngine(sites.settings().build(), Clock.systemUTC()), 4)) {
            List<MeasurementResult> results = round.run(sites.targets());
            Map<MeasurementTarget, Outcome> actual =
                    results.stream().collect(Collectors.toMap(MeasurementResult::target, MeasurementResult::outcome));
            assertThat(actual).isEqualTo(sites.expectedOutcomes());
        }
    }

    @Test
    void trustStoreFileWorksForFileConfiguredProbes(@TempDir Path dir) throws Exception {
        try (LoopbackSites sites = LoopbackSites.start()) {
            Path trustStore = dir.resolve("trust.p12");
            sites.writeTrustStore(trustStore, "secret".toCharArray());
            assertThat(Files.size(trustStore)).isPositive();
            MeasurementSettings settings = sites.settings()
                    .tlsTrust(TlsTrust.fromFile(trustStore, "secret".toCharArray(), "PKCS12"))
                    .build();
            MeasurementTarget ok = sites.targets().get(0);
            assertThat(new MeasurementEngine(settings, Clock.systemUTC())
                            .measure(ok)
                            .outcome())
                    .isEqualTo(Outcome.OK);
        }
    }
}
