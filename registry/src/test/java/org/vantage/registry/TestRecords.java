package org.vantage.registry;

import java.time.Instant;
import java.util.List;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;
import org.vantage.schema.PhaseTimings;
import org.vantage.schema.RelatedIncident;
import org.vantage.schema.Scope;
import org.vantage.schema.Technique;
import org.vantage.schema.TechniqueEvidence;

/** Fully populated sample records (every optional field set), so round trips exercise every field. */
public final class TestRecords {

    private TestRecords() {}

    public static Measurement measurement(String id) {
        return Measurement.newBuilder()
                .setMeasurementId(id)
                .setProbeId("probe-pk-17")
                .setCountry("PK")
                .setAsn(17557L)
                .setRegion("Punjab")
                .setCity("Lahore")
                .setNetworkType(NetworkType.MOBILE)
                .setPlatform("twitter")
                .setTargetHost("twitter.com")
                .setTargetUrl("https://twitter.com/")
                .setEventTime(Instant.ofEpochMilli(1_705_708_800_123L))
                .setOutcome(Outcome.TLS_RESET)
                .setOutcomeDetail("connection reset after ClientHello")
                .setResolver("system")
                .setDnsAnswers(List.of("104.244.42.1", "104.244.42.65"))
                .setHttpStatus(403)
                .setTimings(PhaseTimings.newBuilder()
                        .setDnsMs(12)
                        .setConnectMs(48)
                        .setTlsMs(null)
                        .setFirstByteMs(7)
                        .setTotalMs(310)
                        .build())
                .setBytesReceived(5120L)
                .setThroughputBps(123456.5)
                .setClockOffsetMs(-42L)
                .setProbeVersion("0.1.0")
                .setSimulated(true)
                .build();
    }

    public static DisruptionAlert alert(String incidentId) {
        return DisruptionAlert.newBuilder()
                .setAlertId(incidentId + "#2")
                .setIncidentId(incidentId)
                .setSequence(2)
                .setStatus(AlertStatus.UPDATED)
                .setCountry("PK")
                .setScope(Scope.REGIONAL)
                .setRegions(List.of("Punjab", "Sindh"))
                .setClassification(Classification.PLATFORM_RESTRICTION)
                .setPlatforms(List.of("twitter", "facebook"))
                .setNetworks(List.of(AffectedNetwork.newBuilder()
                        .setAsn(17557L)
                        .setName("PTCL")
                        .setNetworkType(NetworkType.FIXED)
                        .setUserShare(0.31)
                        .setPlatforms(List.of("twitter"))
                        .setFailureRate(0.97)
                        .setControlFailureRate(0.01)
                        .setLatencyRatio(1.5)
                        .setProbes(12)
                        .setMeasurements(480L)
                        .setSilent(false)
                        .build()))
                .setTechniques(List.of(TechniqueEvidence.newBuilder()
                        .setTechnique(Technique.TLS_SNI_FILTERING)
                        .setShare(0.9)
                        .setMeasurements(432L)
                        .setOutcomes(List.of("TLS_RESET"))
                        .setDetail("reset after ClientHello")
                        .build()))
                .setAffectedUserShare(0.31)
                .setConfidence(0.93)
                .setStartTime(Instant.ofEpochMilli(1_705_708_800_000L))
                .setLastUpdateTime(Instant.ofEpochMilli(1_705_709_100_000L))
                .setEndTime(Instant.ofEpochMilli(1_705_712_400_000L))
                .setEmittedAt(Instant.ofEpochMilli(1_705_709_105_250L))
                .setSampleMeasurementIds(List.of("m-1", "m-2"))
                .setRelatedIncidents(List.of(RelatedIncident.newBuilder()
                        .setIncidentId("PK-2023-11-01")
                        .setStartTime(Instant.ofEpochMilli(1_698_796_800_000L))
                        .setEndTime(null)
                        .setSimilarity(0.8)
                        .build()))
                .setHeadline("X/Twitter and Facebook restricted in Punjab and Sindh, PK")
                .build();
    }
}
