package org.vantage.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.store.SchemaEntry;
import org.vantage.registry.store.SchemaStore;

class SchemaLogCodecTest {

    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void schemaRecordsUseConfluentsLayoutAndReplayIntoTheStore() {
        SchemaLogCodec.LogRecord r = SchemaLogCodec.schema(new SchemaEntry("s-value", 2, 7, SCHEMA, false));
        assertThat(new String(r.key(), StandardCharsets.UTF_8))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"s-value\",\"version\":2,\"magic\":1}");
        assertThat(new String(r.value(), StandardCharsets.UTF_8))
                .contains("\"id\":7")
                .contains("\"deleted\":false");

        SchemaStore store = new SchemaStore();
        assertThat(SchemaLogCodec.apply(r.key(), r.value(), store)).isEmpty();
        assertThat(store.version("s-value", 2).id()).isEqualTo(7);

        SchemaLogCodec.LogRecord deleted = SchemaLogCodec.schema(new SchemaEntry("s-value", 2, 7, SCHEMA, true));
        SchemaLogCodec.apply(deleted.key(), deleted.value(), store);
        assertThat(store.subjects()).isEmpty();
        assertThat(store.schemaById(7)).isPresent();
    }

    @Test
    void configRecordsSetAndTombstonesRemoveOverrides() {
        SchemaStore store = new SchemaStore();
        SchemaLogCodec.LogRecord global = SchemaLogCodec.config(null, CompatibilityLevel.FULL);
        assertThat(new String(global.key(), StandardCharsets.UTF_8))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        SchemaLogCodec.apply(global.key(), global.value(), store);
        SchemaLogCodec.LogRecord subject = SchemaLogCodec.config("s", CompatibilityLevel.NONE);
        SchemaLogCodec.apply(subject.key(), subject.value(), store);
        assertThat(store.effectiveLevel("s")).isEqualTo(CompatibilityLevel.NONE);

        SchemaLogCodec.LogRecord removal = SchemaLogCodec.config("s", null);
        assertThat(removal.value()).isNull();
        SchemaLogCodec.apply(removal.key(), removal.value(), store);
        assertThat(store.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void unknownOrBrokenRecordsAreSkippedWithAReason() {
        SchemaStore store = new SchemaStore();
        assertThat(SchemaLogCodec.apply(utf8("{\"keytype\":\"NOOP\",\"magic\":0}"), null, store))
                .hasValueSatisfying(reason -> assertThat(reason).contains("NOOP"));
        assertThat(SchemaLogCodec.apply(utf8("not json"), utf8("{}"), store)).isPresent();
        assertThat(SchemaLogCodec.apply(
                        utf8("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}"),
                        utf8("{\"subject\":\"s\",\"version\":1,\"id\":1,\"schema\":\"{broken\",\"deleted\":false}"),
                        store))
                .isPresent();
        assertThat(SchemaLogCodec.apply(
                        utf8("{\"keytype\":\"SCHEMA\",\"subject\":\"p\",\"version\":1,\"magic\":1}"),
                        utf8("{\"subject\":\"p\",\"version\":1,\"id\":2,\"schemaType\":\"PROTOBUF\",\"schema\":\"x\"}"),
                        store))
                .hasValueSatisfying(reason -> assertThat(reason).contains("PROTOBUF"));
        assertThat(store.subjects()).isEmpty();
    }
}
