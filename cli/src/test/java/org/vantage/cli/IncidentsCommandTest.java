package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentsCommandTest {

    /** Shape of GET /api/incidents (DetectionApi.incidentViews): open ones with evidence, resolved ones from history. */
    static final String BODY = """
            {"incidents":[
              {"incidentId":"PK-restriction-2","country":"PK","status":"RESOLVED","platforms":["twitter"],
               "asns":[45669],"techniques":["TLS_SNI_FILTERING"],"startTime":"2024-01-10T10:00:00Z","endTime":"2024-01-10T12:00:00Z"},
              {"incidentId":"PK-restriction-3","country":"PK","status":"OPEN","sequence":2,
               "headline":"X/Twitter and Facebook restricted nationwide in PK","startTime":"2024-01-20T13:41:00Z",
               "evidence":{"classification":"PLATFORM_RESTRICTION","scope":"NATIONWIDE","confidence":0.9,
                 "networks":[{"asn":45669,"name":"Jazz"},{"asn":17557,"name":"PTCL"}]},
               "relatedIncidents":[{"incidentId":"PK-restriction-2"}]},
              {"incidentId":"PK-restriction-1","country":"PK","status":"RESOLVED","platforms":["facebook"],
               "asns":[],"techniques":[],"startTime":"2024-01-01T10:00:00Z","endTime":"2024-01-01T10:30:00Z"}]}
            """;

    private final JsonNode body = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(BODY).get("incidents");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void openFirstThenResolvedNewestFirst() {
        assertThat(IncidentsCommand.select(body, false, 20))
                .extracting(i -> i.get("incidentId").asText())
                .containsExactly("PK-restriction-3", "PK-restriction-2", "PK-restriction-1");
    }

    @Test
    void openOnlyAndLimitApplyToResolvedIncidents() {
        assertThat(IncidentsCommand.select(body, true, 20)).hasSize(1);
        assertThat(IncidentsCommand.select(body, false, 1))
                .extracting(i -> i.get("incidentId").asText())
                .containsExactly("PK-restriction-3", "PK-restriction-2");
    }

    @Test
    void tableShowsDurationHeadlineEvidenceAndRecurrence() {
        String t =
                IncidentsCommand.table(IncidentsCommand.select(body, false, 20), Instant.parse("2024-01-20T14:46:00Z"));
        assertThat(t)
                .contains("OPEN      PK  2024-01-20 13:41 UTC  1h05m    PK-restriction-3")
                .contains("X/Twitter and Facebook restricted nationwide in PK")
                .contains("PLATFORM_RESTRICTION, NATIONWIDE, confidence 90%, update #2")
                .contains("networks: Jazz AS45669, PTCL AS17557")
                .contains("recurs: 1 similar earlier incident(s)")
                .contains("RESOLVED  PK  2024-01-10 10:00 UTC  2h00m    PK-restriction-2")
                .contains("platforms: twitter; networks: AS45669")
                .contains("platforms: facebook\n");
    }

    @Test
    void noIncidentsIsSaidPlainly() {
        assertThat(IncidentsCommand.table(List.of(), Instant.now())).isEqualTo("No incidents.\n");
    }
}
