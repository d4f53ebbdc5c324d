package org.vantage.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.DisruptionAlert;

class AlertJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void everyAvroFieldHasItsJsonCounterpartAtEveryLevel() throws Exception {
        JsonNode json = mapper.readTree(AlertJson.toBytes(TestAlerts.alert("PK-r-1", 1, AlertStatus.OPENED)));
        List<String> missing = new ArrayList<>();
        missingFields(DisruptionAlert.getClassSchema(), json, "", missing);
        assertThat(missing)
                .as("schema fields without a JSON mapping (add them to AlertJson and the contract doc)")
                .isEmpty();
    }

    @Test
    void timestampsAreIsoUtcAndAbsentOnesAreNull() throws Exception {
        JsonNode open = mapper.readTree(AlertJson.toBytes(TestAlerts.alert("PK-r-1", 1, AlertStatus.OPENED)));
        assertThat(open.get("start_time").asText()).isEqualTo("2024-01-20T13:41:00Z");
        assertThat(open.get("last_update_time").asText()).isEqualTo("2024-01-20T13:44:00.250Z");
        assertThat(open.get("end_time").isNull()).isTrue();
        assertThat(open.at("/related_incidents/0/end_time").isNull()).isTrue();
        JsonNode resolved = mapper.readTree(AlertJson.toBytes(TestAlerts.alert("PK-r-1", 3, AlertStatus.RESOLVED)));
        assertThat(resolved.get("end_time").asText()).isEqualTo("2024-01-20T17:02:00Z");
    }

    @Test
    void valuesKeepTheirJsonTypes() throws Exception {
        JsonNode j = mapper.readTree(AlertJson.toBytes(TestAlerts.alert("PK-r-1", 2, AlertStatus.UPDATED)));
        assertThat(j.get("format_version").asInt()).isEqualTo(AlertJson.FORMAT_VERSION);
        assertThat(j.get("alert_id").asText()).isEqualTo("PK-r-1#2");
        assertThat(j.get("sequence").isInt()).isTrue();
        assertThat(j.get("status").asText()).isEqualTo("UPDATED");
        assertThat(j.get("scope").asText()).isEqualTo("REGIONAL");
        assertThat(j.get("confidence").isDouble()).isTrue();
        assertThat(j.get("confidence").asDouble()).isEqualTo(0.9);
        assertThat(j.at("/networks/0/asn").asLong()).isEqualTo(45669);
        assertThat(j.at("/networks/0/network_type").asText()).isEqualTo("MOBILE");
        assertThat(j.at("/networks/0/control_failure_rate").isNull()).isTrue();
        assertThat(j.at("/networks/0/silent").isBoolean()).isTrue();
        assertThat(j.at("/techniques/0/technique").asText()).isEqualTo("TLS_SNI_FILTERING");
        assertThat(j.at("/techniques/0/outcomes/0").asText()).isEqualTo("TLS_RESET");
        assertThat(j.get("platforms")).hasSize(2);
    }

    private static void missingFields(Schema schema, JsonNode node, String path, List<String> missing) {
        for (Schema.Field f : schema.getFields()) {
            String p = path + "/" + f.name();
            if (!node.has(f.name())) {
                missing.add(p);
                continue;
            }
            Schema s = nonNull(f.schema());
            if (s.getType() == Schema.Type.RECORD) {
                missingFields(s, node.get(f.name()), p, missing);
            } else if (s.getType() == Schema.Type.ARRAY
                    && nonNull(s.getElementType()).getType() == Schema.Type.RECORD) {
                JsonNode first = node.get(f.name()).get(0);
                if (first == null) {
                    missing.add(p + "/0 (test alert has no element to check)");
                } else {
                    missingFields(nonNull(s.getElementType()), first, p + "/0", missing);
                }
            }
        }
    }

    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        return s.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .findFirst()
                .orElse(s);
    }
}
