package org.vantage.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vantage.api.fleet.FleetView;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.NetworkType;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.schema.Scope;

class CountrySummariesTest {
    static final Instant NOW = Instant.parse("2024-01-20T14:00:00Z");

    static NetworkInfo network(String cc, long asn) {
        return NetworkInfo.newBuilder()
                .setCountry(cc)
                .setAsn(asn)
                .setName("AS" + asn)
                .setNetworkType(NetworkType.MOBILE)
                .build();
    }

    static ProbeHeartbeat hb(String probe, String cc, long asn) {
        return ProbeHeartbeat.newBuilder()
                .setProbeId(probe)
                .setCountry(cc)
                .setAsn(asn)
                .setNetworkType(NetworkType.MOBILE)
                .setProbeVersion("1")
                .setEventTime(NOW)
                .setIntervalMs(30_000)
                .setMeasurementsPerMinute(1)
                .setSimulated(true)
                .build();
    }

    static DisruptionAlert open(String cc, Classification c) {
        return DisruptionAlert.newBuilder()
                .setAlertId(cc + "-1#1")
                .setIncidentId(cc + "-1")
                .setSequence(1)
                .setStatus(AlertStatus.OPENED)
                .setCountry(cc)
                .setScope(Scope.NATIONWIDE)
                .setClassification(c)
                .setPlatforms(List.of("twitter"))
                .setNetworks(List.of())
                .setConfidence(0.9)
                .setStartTime(NOW)
                .setLastUpdateTime(NOW)
                .setEmittedAt(NOW)
                .setHeadline("h")
                .build();
    }

    @Test
    void eachCountryCountsItsNetworksCoveredProbesAndOpenIncidentsAndTheGlobalStageIsNoCountry() {
        List<NetworkInfo> reference = List.of(network("PK", 1), network("PK", 2), network("IR", 3));
        List<ProbeHeartbeat> heartbeats =
                List.of(hb("a", "PK", 1), hb("b", "PK", 1), hb("c", "PK", 1), hb("d", "PK", 2), hb("e", "BD", 4));
        FleetView fleet = FleetView.of(heartbeats, reference, null, NOW, 3);

        List<CountrySummaries.Row> rows = CountrySummaries.of(
                reference,
                fleet,
                Map.of("PK", NOW, "BD", NOW),
                Map.of("PK", NOW.toEpochMilli()),
                List.of(
                        open("PK", Classification.PLATFORM_RESTRICTION),
                        open("ZZ", Classification.GLOBAL_PLATFORM_OUTAGE)));

        assertThat(rows).extracting(CountrySummaries.Row::country).containsExactly("BD", "IR", "PK");
        CountrySummaries.Row pk = rows.get(2);
        assertThat(pk.networksWatched()).isEqualTo(2);
        assertThat(pk.networksCovered()).isEqualTo(1);
        assertThat(pk.probesAlive()).isEqualTo(4);
        assertThat(pk.openIncidents()).containsExactly("PLATFORM_RESTRICTION");
        assertThat(pk.lastWindowEnd()).isEqualTo(NOW);
        CountrySummaries.Row ir = rows.get(1);
        assertThat(ir.networksWatched()).isEqualTo(1);
        assertThat(ir.probesAlive()).isZero();
        assertThat(ir.lastHeartbeat()).isNull();
        assertThat(rows.get(0).networksCovered()).isZero();
    }
}
