package org.vantage.api.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.NetworkType;
import org.vantage.schema.ProbeHeartbeat;

class FleetViewTest {

    static final Instant NOW = Instant.parse("2026-11-22T06:30:00Z");

    static ProbeHeartbeat hb(String probe, String cc, long asn, Instant at, Long clockOffset, double perMinute) {
        return ProbeHeartbeat.newBuilder()
                .setProbeId(probe)
                .setCountry(cc)
                .setAsn(asn)
                .setNetworkType(NetworkType.MOBILE)
                .setProbeVersion("0.1.0")
                .setEventTime(at)
                .setIntervalMs(30_000)
                .setClockOffsetMs(clockOffset)
                .setMeasurementsPerMinute(perMinute)
                .build();
    }

    static NetworkInfo network(String cc, long asn, String name) {
        return NetworkInfo.newBuilder()
                .setCountry(cc)
                .setAsn(asn)
                .setName(name)
                .setNetworkType(NetworkType.FIXED)
                .setUserShare(0.2)
                .build();
    }

    @Test
    void probeIsSilentAfterThreeMissedIntervals() {
        FleetView v = FleetView.of(
                List.of(
                        hb("a", "PK", 45669, NOW.minusSeconds(89), 5L, 10),
                        hb("b", "PK", 45669, NOW.minusSeconds(91), 5L, 10)),
                List.of(),
                null,
                NOW,
                1);
        FleetView.NetworkFleet n = v.networks().get(0);
        assertThat(n.probes())
                .extracting(FleetView.Probe::probeId, FleetView.Probe::alive)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", true),
                        org.assertj.core.groups.Tuple.tuple("b", false));
        assertThat(n.alive()).isEqualTo(1);
        assertThat(n.silent()).isEqualTo(1);
    }

    @Test
    void onlyTheLatestHeartbeatOfAProbeCounts() {
        FleetView v = FleetView.of(
                List.of(
                        hb("a", "PK", 45669, NOW.minusSeconds(10), 40L, 12),
                        hb("a", "PK", 45669, NOW.minusSeconds(600), -900L, 3)),
                List.of(),
                null,
                NOW,
                1);
        FleetView.NetworkFleet n = v.networks().get(0);
        assertThat(n.probes()).hasSize(1);
        assertThat(n.probes().get(0).alive()).isTrue();
        assertThat(n.worstClockOffsetMs()).isEqualTo(40L);
        assertThat(n.measurementsPerMinute()).isEqualTo(12.0);
    }

    @Test
    void aggregatesAliveProbesOnlyForRateAndClockOffset() {
        FleetView v = FleetView.of(
                List.of(
                        hb("a", "PK", 45669, NOW.minusSeconds(5), -250L, 10),
                        hb("b", "PK", 45669, NOW.minusSeconds(5), 120L, 15),
                        hb("c", "PK", 45669, NOW.minusSeconds(500), 9_000L, 99)),
                List.of(),
                null,
                NOW,
                1);
        FleetView.NetworkFleet n = v.networks().get(0);
        assertThat(n.worstClockOffsetMs()).isEqualTo(-250L);
        assertThat(n.measurementsPerMinute()).isEqualTo(25.0);
    }

    @Test
    void networksBelowTheMinimumAndReferenceNetworksWithoutProbesAreGaps() {
        FleetView v = FleetView.of(
                List.of(
                        hb("a1", "PK", 45669, NOW, 0L, 10),
                        hb("a2", "PK", 45669, NOW, 0L, 10),
                        hb("a3", "PK", 45669, NOW, 0L, 10),
                        hb("b1", "PK", 17557, NOW, 0L, 10),
                        hb("b2", "PK", 17557, NOW.minus(Duration.ofMinutes(5)), 0L, 10)),
                List.of(network("PK", 45669, "Jazz"), network("PK", 9541, "Cybernet")),
                "PK",
                NOW,
                3);
        assertThat(v.networks()).extracting(FleetView.NetworkFleet::asn).containsExactly(9541L, 17557L, 45669L);
        assertThat(v.gaps())
                .extracting(FleetView.NetworkFleet::asn, FleetView.NetworkFleet::alive)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(9541L, 0), org.assertj.core.groups.Tuple.tuple(17557L, 1));
        assertThat(v.networks().get(2).name()).isEqualTo("Jazz");
        assertThat(v.networks().get(1).name()).isEqualTo("AS17557");
        assertThat(v.probes()).isEqualTo(5);
        assertThat(v.aliveProbes()).isEqualTo(4);
    }

    @Test
    void countryFilterDropsOtherCountriesProbesAndReference() {
        FleetView v = FleetView.of(
                List.of(hb("a", "PK", 45669, NOW, 0L, 1), hb("x", "IR", 44244, NOW, 0L, 1)),
                List.of(network("IR", 197207, "MCI")),
                "PK",
                NOW,
                1);
        assertThat(v.networks()).extracting(FleetView.NetworkFleet::country).containsExactly("PK");
    }

    @Test
    void simulatedClockAheadOfTheWallClockIsJudgedAgainstItself() {
        Instant simNow = NOW.plus(Duration.ofHours(2));
        FleetView v = FleetView.of(
                List.of(
                        hb("a", "PK", 45669, simNow, 0L, 1),
                        hb("b", "PK", 45669, simNow.minus(Duration.ofMinutes(10)), 0L, 1)),
                List.of(),
                null,
                NOW,
                1);
        assertThat(v.reference()).isEqualTo(simNow);
        assertThat(v.networks().get(0).probes())
                .extracting(FleetView.Probe::alive)
                .containsExactly(true, false);
    }
}
