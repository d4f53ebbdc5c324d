package org.vantage.probe.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vantage.schema.EnrollmentStatus;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.trust.Enrollments;
import org.vantage.trust.ProbeCredentials;

class FleetEnrollmentTest {
    @Test
    void everyVirtualProbeIsApprovedForItsOwnNetworkOnlyWithItsOwnKey() throws Exception {
        List<SimulatedProbe> probes = SimulatedProbe.fleet(ScenarioLoader.load("pk-2024-01-20"));
        Map<String, ProbeCredentials> creds = new HashMap<>();
        Map<String, ProbeEnrollment> approvals =
                FleetEnrollment.approvals(probes, creds, Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(approvals).hasSameSizeAs(probes);
        for (SimulatedProbe p : probes) {
            ProbeEnrollment e = approvals.get(p.probeId());
            assertThat(e.getStatus()).isEqualTo(EnrollmentStatus.APPROVED);
            assertThat(e.getNetworks()).containsExactly(p.country() + ":" + p.asn());
            assertThat(Enrollments.bytes(e.getMacKeys().get(0).getSecret()))
                    .isEqualTo(creds.get(p.probeId()).secret());
        }
    }
}
