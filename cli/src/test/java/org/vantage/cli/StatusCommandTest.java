package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    /** Shape of GET /api/countries/PK/status (DetectionApi.countryStatus), trimmed to the fields the grid reads. */
    static final String BODY = """
            {"country":"PK","networks":[
              {"asn":45669,"name":"Jazz","networkType":"MOBILE","windowStart":"2024-01-20T13:40:00Z",
               "windowEnd":"2024-01-20T13:41:00Z","silent":false,"platforms":[
                 {"platform":"twitter","state":"DISRUPTED","failureRate":0.934},
                 {"platform":"control","state":"OK","failureRate":0.01},
                 {"platform":"youtube","state":"THROTTLED","failureRate":0.05}]},
              {"asn":17557,"name":"PTCL","networkType":"FIXED","windowStart":"2024-01-20T13:40:00Z",
               "windowEnd":"2024-01-20T13:41:00Z","silent":true,"platforms":[]},
              {"asn":9541,"name":"Cybernet","networkType":"FIXED","windowStart":"2024-01-20T13:40:00Z",
               "windowEnd":"2024-01-20T13:41:00Z","silent":false,"platforms":[
                 {"platform":"twitter","state":"INSUFFICIENT_DATA","failureRate":0.0}]}],
             "openIncidents":[{"incidentId":"PK-restriction-1","headline":"X/Twitter restricted nationwide in PK",
               "startTime":"2024-01-20T13:38:00Z","status":"OPEN"}]}
            """;

    @Test
    void gridHasNetworksAsRowsAndPlatformsAsColumnsControlLast() throws Exception {
        String grid = StatusCommand.grid(new ObjectMapper().readTree(BODY));
        String[] lines = grid.split("\n");
        String header = lines[2];
        assertThat(header).startsWith("NETWORK");
        assertThat(header.indexOf("twitter")).isLessThan(header.indexOf("youtube"));
        assertThat(header.indexOf("youtube")).isLessThan(header.indexOf("control"));
        assertThat(lines[3])
                .startsWith("AS45669 Jazz (mobile)")
                .contains("X 93%")
                .contains("v 5%")
                .contains("ok 1%");
        assertThat(lines[4]).startsWith("AS17557 PTCL (fixed)").contains("SILENT");
        assertThat(lines[5]).startsWith("AS9541 Cybernet (fixed)").contains("? 0%");
        // a platform not measured on a network is shown as no data
        assertThat(lines[5].trim()).endsWith("-");
        assertThat(grid).contains("PK-restriction-1  X/Twitter restricted nationwide in PK");
    }

    @Test
    void columnsLineUp() throws Exception {
        String[] lines = StatusCommand.grid(new ObjectMapper().readTree(BODY)).split("\n");
        int col = lines[2].indexOf("youtube");
        assertThat(lines[3].substring(col)).startsWith("v 5%");
    }

    @Test
    void countryWithoutDataSaysSo() throws Exception {
        JsonNode empty = new ObjectMapper().readTree("{\"country\":\"LY\",\"networks\":[],\"openIncidents\":[]}");
        assertThat(StatusCommand.grid(empty))
                .contains("No network status for LY yet")
                .contains("No open incident in LY.");
    }
}
