package org.vantage.api.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Scope;

class IncidentLogTest {

    static DisruptionAlert alert(String id, int sequence, AlertStatus status, Classification c, Instant start) {
        return DisruptionAlert.newBuilder()
                .setAlertId(id + "#" + sequence)
                .setIncidentId(id)
                .setSequence(sequence)
                .setStatus(status)
                .setCountry("PK")
                .setScope(Scope.NATIONWIDE)
                .setClassification(c)
                .setPlatforms(List.of("twitter"))
                .setNetworks(List.of())
                .setConfidence(0.9)
                .setStartTime(start)
                .setLastUpdateTime(start)
                .setEmittedAt(start)
                .setHeadline(id + " " + status)
                .build();
    }

    @Test
    void anIncidentIsKnownByItsLatestStateChangeWhateverTheOrderTheyArriveIn() {
        IncidentLog log = new IncidentLog(10);
        Instant t = Instant.parse("2024-01-20T13:40:00Z");
        log.add(alert("PK-1", 1, AlertStatus.OPENED, Classification.PLATFORM_RESTRICTION, t));
        log.add(alert("PK-1", 3, AlertStatus.RESOLVED, Classification.THROTTLING, t));
        log.add(alert("PK-1", 2, AlertStatus.UPDATED, Classification.PLATFORM_RESTRICTION, t));

        assertThat(log.get("PK", "PK-1")).hasValueSatisfying(a -> {
            assertThat(a.getSequence()).isEqualTo(3);
            assertThat(a.getClassification()).isEqualTo(Classification.THROTTLING);
        });
        assertThat(log.get("PK-1")).isPresent();
        assertThat(log.get("IR", "PK-1")).isEmpty();
        assertThat(log.get("PK-2")).isEmpty();
    }

    @Test
    void aCountryKeepsItsMostRecentlyStartedIncidentsUpToTheMaximum() {
        IncidentLog log = new IncidentLog(2);
        Instant t = Instant.parse("2024-01-20T13:40:00Z");
        log.add(alert("PK-b", 1, AlertStatus.OPENED, Classification.NETWORK_OUTAGE, t.plusSeconds(60)));
        log.add(alert("PK-a", 1, AlertStatus.OPENED, Classification.NETWORK_OUTAGE, t));
        log.add(alert("PK-c", 1, AlertStatus.OPENED, Classification.NETWORK_OUTAGE, t.plusSeconds(120)));

        assertThat(log.get("PK-a")).isEmpty();
        assertThat(log.get("PK-b")).isPresent();
        assertThat(log.get("PK-c")).isPresent();
    }
}
