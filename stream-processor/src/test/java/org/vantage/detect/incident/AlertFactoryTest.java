package org.vantage.detect.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.detect.model.AffectedNetworkEvidence;
import org.vantage.detect.model.Candidate;
import org.vantage.detect.model.Headlines;
import org.vantage.detect.model.IncidentState;
import org.vantage.detect.model.Slot;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Scope;

class AlertFactoryTest {
    static AffectedNetworkEvidence net(long asn, String name, String type) {
        return new AffectedNetworkEvidence(
                asn, name, type, 0.3, List.of("twitter"), 1.0, 0.0, null, 6, 12, false, List.of());
    }

    static Candidate candidate(
            Classification c, Scope scope, List<String> platforms, List<AffectedNetworkEvidence> nets, double share) {
        return new Candidate(
                Slot.PLATFORM,
                c,
                scope,
                List.of(),
                platforms,
                nets,
                List.of(),
                share,
                0.9,
                List.of("m1"),
                false,
                120_000,
                0);
    }

    @Test
    void headlinesSayWhatWhereAndHowMuch() {
        var four = List.of("youtube", "twitter", "instagram", "facebook");
        var nets = List.of(
                net(45669, "Jazz (Pakistan Mobile Communications Ltd)", "MOBILE"),
                net(59257, "Zong", "MOBILE"),
                net(24499, "Telenor Pakistan", "MOBILE"),
                net(17557, "PTCL", "FIXED"));
        assertThat(Headlines.headline(
                        AlertStatus.OPENED,
                        "PK",
                        candidate(Classification.PLATFORM_RESTRICTION, Scope.NATIONWIDE, four, nets, 0.92)))
                .isEqualTo(
                        "X/Twitter, Facebook, Instagram and YouTube restricted nationwide in PK (4 networks, 92% of users)");
        assertThat(Headlines.headline(
                        AlertStatus.RESOLVED,
                        "PK",
                        candidate(
                                Classification.NETWORK_OUTAGE,
                                Scope.MULTI_NETWORK,
                                List.of(),
                                nets.subList(0, 3),
                                0.8)))
                .isEqualTo(
                        "Resolved: Network outage on mobile networks Jazz, Zong and Telenor Pakistan in PK (3 networks, 80% of users)");
        assertThat(Headlines.headline(
                        AlertStatus.OPENED,
                        "PK",
                        candidate(
                                Classification.THROTTLING,
                                Scope.SINGLE_NETWORK,
                                List.of("youtube"),
                                nets.subList(3, 4),
                                0.05)))
                .isEqualTo("YouTube throttled on PTCL in PK (1 network, 5% of users)");
    }

    @Test
    void alertCarriesIdsSequenceAndEvidence() {
        Candidate c = candidate(
                Classification.PLATFORM_RESTRICTION,
                Scope.SINGLE_NETWORK,
                List.of("twitter"),
                List.of(net(45669, "Jazz", "MOBILE")),
                0.35);
        DisruptionAlert a = AlertFactory.alert(
                new IncidentChange(
                        AlertStatus.UPDATED,
                        "PK-x",
                        3,
                        "PK",
                        c,
                        0,
                        120_000,
                        null,
                        List.of(new IncidentState.Related("PK-y", 0, 60_000L, 0.8))),
                125_000);
        assertThat(a.getAlertId()).isEqualTo("PK-x#3");
        assertThat(a.getEmittedAt().toEpochMilli() - a.getLastUpdateTime().toEpochMilli())
                .isEqualTo(5_000);
        assertThat(a.getNetworks())
                .singleElement()
                .satisfies(n -> assertThat(n.getName()).isEqualTo("Jazz"));
        assertThat(a.getRelatedIncidents())
                .singleElement()
                .satisfies(r -> assertThat(r.getIncidentId()).isEqualTo("PK-y"));
        assertThat(a.getSampleMeasurementIds()).containsExactly("m1");
    }
}
