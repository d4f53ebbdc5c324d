package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkType;
import org.vantage.schema.RelatedIncident;
import org.vantage.schema.Scope;
import org.vantage.schema.Technique;
import org.vantage.schema.TechniqueEvidence;

class AlertFormatterTest {

    static DisruptionAlert alert(AlertStatus status, Instant end) {
        return DisruptionAlert.newBuilder()
                .setAlertId("PK-1#2")
                .setIncidentId("PK-1")
                .setSequence(2)
                .setStatus(status)
                .setCountry("PK")
                .setScope(Scope.NATIONWIDE)
                .setClassification(Classification.PLATFORM_RESTRICTION)
                .setPlatforms(List.of("twitter", "facebook"))
                .setNetworks(List.of(AffectedNetwork.newBuilder()
                        .setAsn(45669)
                        .setName("Jazz")
                        .setNetworkType(NetworkType.MOBILE)
                        .setFailureRate(0.93)
                        .setProbes(8)
                        .setMeasurements(120)
                        .build()))
                .setTechniques(List.of(TechniqueEvidence.newBuilder()
                        .setTechnique(Technique.TLS_SNI_FILTERING)
                        .setShare(0.97)
                        .setMeasurements(116)
                        .build()))
                .setConfidence(0.9)
                .setStartTime(Instant.parse("2024-01-20T13:41:00Z"))
                .setLastUpdateTime(Instant.parse("2024-01-20T13:44:00Z"))
                .setEndTime(end)
                .setEmittedAt(Instant.parse("2024-01-20T13:44:02Z"))
                .setRelatedIncidents(List.of(RelatedIncident.newBuilder()
                        .setIncidentId("PK-0")
                        .setStartTime(Instant.parse("2024-01-07T13:00:00Z"))
                        .setSimilarity(0.8)
                        .build()))
                .setHeadline("X/Twitter and Facebook restricted nationwide in PK")
                .build();
    }

    @Test
    void headlineCarriesWhenWhatWhereAndHowSure() {
        String line = AlertFormatter.headline(alert(AlertStatus.OPENED, null));
        assertThat(line)
                .startsWith("2024-01-20 13:44 UTC  OPENED   PK  PLATFORM_RESTRICTION")
                .contains("NATIONWIDE")
                .contains("conf  90%")
                .endsWith("X/Twitter and Facebook restricted nationwide in PK");
    }

    @Test
    void detailNamesNetworksTechniqueDurationAndRecurrence() {
        String text = AlertFormatter.detailed(alert(AlertStatus.RESOLVED, Instant.parse("2024-01-20T17:02:00Z")));
        assertThat(text)
                .contains("platforms : twitter, facebook")
                .contains("Jazz AS45669 (93% failing)")
                .contains("TLS_SNI_FILTERING 97%")
                .contains("ended 2024-01-20 17:02 UTC (3h21m)")
                .contains("PK-0 on 2024-01-07 13:00 UTC (similarity 80%)");
    }

    @Test
    void evidenceFromOoniIsCountedLinkedAndAttributed() {
        DisruptionAlert a = alert(AlertStatus.OPENED, null);
        a.setEvidenceSources(List.of(
                org.vantage.schema.EvidenceSource.newBuilder()
                        .setSource("VANTAGE")
                        .setMeasurements(1200)
                        .setNetworks(3)
                        .build(),
                org.vantage.schema.EvidenceSource.newBuilder()
                        .setSource("OONI")
                        .setMeasurements(14)
                        .setNetworks(1)
                        .build()));
        a.setSampleLinks(List.of("https://explorer.ooni.org/m/20240120134412.1_PK_webconnectivity_aa"));
        String text = AlertFormatter.detailed(a);
        assertThat(text)
                .contains("evidence  : own probes 1,200 measurements on 3 networks; OONI 14 measurements on 1 network")
                .contains(
                        "OONI      : https://explorer.ooni.org/m/20240120134412.1_PK_webconnectivity_aa (OONI data, CC BY-NC-SA 4.0)");
    }

    @Test
    void aRegionalAlertNamesEachRegionWithItsPopulationShareAndItsNetworks() {
        DisruptionAlert a = alert(AlertStatus.OPENED, null);
        a.setScope(Scope.REGIONAL);
        a.setRegions(List.of("Balochistan", "Gilgit-Baltistan"));
        a.setAffectedRegions(List.of(
                org.vantage.schema.AffectedRegion.newBuilder()
                        .setRegion("Balochistan")
                        .setAsns(List.of(45669L, 59257L))
                        .setPopulationShare(0.062)
                        .build(),
                org.vantage.schema.AffectedRegion.newBuilder()
                        .setRegion("Gilgit-Baltistan")
                        .setAsns(List.of(45669L))
                        .setPopulationShare(null)
                        .setSilent(true)
                        .build()));
        assertThat(AlertFormatter.detailed(a))
                .contains(
                        "regions   : Balochistan (6% of the population: Jazz, AS59257); Gilgit-Baltistan (no census figure: Jazz, silent)");
    }

    @Test
    void alertsFromOwnProbesAloneShowNoSourceLines() {
        String text = AlertFormatter.detailed(alert(AlertStatus.OPENED, null));
        assertThat(text).doesNotContain("evidence  :").doesNotContain("OONI");
    }
}
