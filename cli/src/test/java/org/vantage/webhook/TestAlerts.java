package org.vantage.webhook;

import java.time.Instant;
import java.util.List;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkType;
import org.vantage.schema.RelatedIncident;
import org.vantage.schema.Scope;
import org.vantage.schema.Technique;
import org.vantage.schema.TechniqueEvidence;

/** Alerts with every optional part filled in, as the detector emits them for the Pakistan evening. */
final class TestAlerts {

    private TestAlerts() {}

    static DisruptionAlert alert(String incidentId, int sequence, AlertStatus status) {
        return DisruptionAlert.newBuilder()
                .setAlertId(incidentId + "#" + sequence)
                .setIncidentId(incidentId)
                .setSequence(sequence)
                .setStatus(status)
                .setCountry("PK")
                .setScope(Scope.REGIONAL)
                .setRegions(List.of("Punjab"))
                .setClassification(Classification.PLATFORM_RESTRICTION)
                .setPlatforms(List.of("twitter", "facebook"))
                .setNetworks(List.of(AffectedNetwork.newBuilder()
                        .setAsn(45669)
                        .setName("Jazz")
                        .setNetworkType(NetworkType.MOBILE)
                        .setUserShare(0.38)
                        .setPlatforms(List.of("twitter"))
                        .setFailureRate(0.93)
                        .setControlFailureRate(null)
                        .setLatencyRatio(1.4)
                        .setProbes(8)
                        .setMeasurements(120)
                        .setSilent(false)
                        .setRegions(List.of("Punjab"))
                        .build()))
                .setTechniques(List.of(TechniqueEvidence.newBuilder()
                        .setTechnique(Technique.TLS_SNI_FILTERING)
                        .setShare(0.97)
                        .setMeasurements(116)
                        .setOutcomes(List.of("TLS_RESET"))
                        .setDetail(null)
                        .build()))
                .setAffectedUserShare(0.62)
                .setConfidence(0.9)
                .setStartTime(Instant.parse("2024-01-20T13:41:00Z"))
                .setLastUpdateTime(Instant.parse("2024-01-20T13:44:00.250Z"))
                .setEndTime(status == AlertStatus.RESOLVED ? Instant.parse("2024-01-20T17:02:00Z") : null)
                .setEmittedAt(Instant.parse("2024-01-20T13:44:02Z"))
                .setSampleMeasurementIds(List.of("m-1", "m-2"))
                .setRelatedIncidents(List.of(RelatedIncident.newBuilder()
                        .setIncidentId("PK-0")
                        .setStartTime(Instant.parse("2024-01-07T13:00:00Z"))
                        .setEndTime(null)
                        .setSimilarity(0.8)
                        .build()))
                .setHeadline("X/Twitter and Facebook restricted in Punjab, PK")
                .setEvidenceSources(List.of(org.vantage.schema.EvidenceSource.newBuilder()
                        .setSource("OONI")
                        .setMeasurements(12)
                        .setNetworks(1)
                        .build()))
                .setSampleLinks(List.of("https://explorer.ooni.org/m/20240120134000.000001_PK_webconnectivity_aa"))
                .setCountries(List.of(org.vantage.schema.CountryEvidence.newBuilder()
                        .setCountry("PK")
                        .setPlatforms(List.of("twitter"))
                        .setNetworksFailing(1)
                        .setAffectedUserShare(0.35)
                        .build()))
                .setPeak(org.vantage.schema.IncidentPeak.newBuilder()
                        .setScope(Scope.REGIONAL)
                        .setRegions(List.of("Punjab"))
                        .setPlatforms(List.of("twitter", "facebook"))
                        .setNetworks(List.of(AffectedNetwork.newBuilder()
                                .setAsn(45669)
                                .setName("Jazz")
                                .setNetworkType(NetworkType.MOBILE)
                                .setUserShare(0.35)
                                .setPlatforms(List.of("twitter"))
                                .setFailureRate(0.93)
                                .setControlFailureRate(null)
                                .setLatencyRatio(null)
                                .setProbes(5)
                                .setMeasurements(120)
                                .setSilent(false)
                                .build()))
                        .setAffectedUserShare(0.35)
                        .setDurationMs(600_000)
                        .build())
                .setAffectedRegions(List.of(org.vantage.schema.AffectedRegion.newBuilder()
                        .setRegion("Punjab")
                        .setAsns(List.of(45669L))
                        .setNetworkTypes(List.of("MOBILE"))
                        .setPopulationShare(0.529)
                        .setProbes(5)
                        .setFailingProbes(5)
                        .setSilent(false)
                        .build()))
                .setRegionsPopulationShare(0.529)
                .setLateEvidence(org.vantage.schema.LateEvidence.newBuilder()
                        .setMeasurements(240)
                        .setConfirming(228)
                        .setNetworks(1)
                        .setFirstEventTime(Instant.parse("2024-01-20T13:40:05Z"))
                        .setLastEventTime(Instant.parse("2024-01-20T17:01:40Z"))
                        .build())
                .build();
    }
}
