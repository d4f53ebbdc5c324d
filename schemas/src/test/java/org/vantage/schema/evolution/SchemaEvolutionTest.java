package org.vantage.schema.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vantage.schema.Measurement;

/** The build gate: a schema change that breaks BACKWARD compatibility fails here, naming the field. */
class SchemaEvolutionTest {

    private static final Path RELEASED = Path.of("released");

    @TestFactory
    List<DynamicTest> everyPublicSchemaReadsItsReleasedCopy() {
        return SchemaEvolution.PUBLIC_SCHEMAS.stream()
                .map(current -> DynamicTest.dynamicTest(current.getName(), () -> {
                    Path file = SchemaEvolution.releasedFile(RELEASED, current);
                    assertThat(file)
                            .as("released copy of %s (run SchemaEvolution.main to release)", current.getFullName())
                            .exists();
                    Schema released = SchemaEvolution.readReleased(file);
                    List<String> problems = SchemaEvolution.backwardProblems(current, released);
                    assertThat(problems)
                            .as("%s is not BACKWARD compatible with %s", current.getFullName(), file)
                            .isEmpty();
                }))
                .toList();
    }

    @Test
    void everySchemaFieldIsDocumented() {
        for (Schema schema : SchemaEvolution.PUBLIC_SCHEMAS) {
            assertDocumented(schema, schema.getName());
        }
    }

    private static void assertDocumented(Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD ->
                schema.getFields().forEach(f -> {
                    assertThat(f.doc()).as("doc of field %s.%s", path, f.name()).isNotBlank();
                    assertDocumented(f.schema(), path + "." + f.name());
                });
            case UNION -> schema.getTypes().forEach(t -> assertDocumented(t, path));
            case ARRAY -> assertDocumented(schema.getElementType(), path);
            default -> {}
        }
    }

    @Test
    void removingARequiredFieldDefaultIsReportedWithTheFieldName() {
        // A new required field without a default cannot read old data: the report must name it.
        Schema released = Measurement.getClassSchema();
        Schema current = withExtraRequiredField(released, "vantage_point_kind");
        List<String> problems = SchemaEvolution.backwardProblems(current, released);
        assertThat(problems)
                .singleElement()
                .asString()
                .contains("vantage_point_kind")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void changingANestedFieldTypeNamesTheNestedPath() throws IOException {
        String old = Files.readString(SchemaEvolution.releasedFile(RELEASED, Measurement.getClassSchema()));
        // dns_ms: ["null","int"] -> ["null","string"] cannot read old ints
        String changed = old.replaceFirst(
                "\"name\" : \"dns_ms\",\\s*\"type\" : \\[ \"null\", \"int\" \\]",
                "\"name\" : \"dns_ms\", \"type\" : [ \"null\", \"string\" ]");
        assertThat(changed).isNotEqualTo(old);
        List<String> problems =
                SchemaEvolution.backwardProblems(new Schema.Parser().parse(changed), new Schema.Parser().parse(old));
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).contains("timings.dns_ms"));
    }

    @Test
    void addingAnOptionalFieldWithDefaultIsCompatible() {
        Schema released = Measurement.getClassSchema();
        Schema current = withExtraOptionalField(released, "isp_hint");
        assertThat(SchemaEvolution.backwardProblems(current, released)).isEmpty();
    }

    private static Schema withExtraRequiredField(Schema base, String name) {
        return copyWith(base, new Schema.Field(name, Schema.create(Schema.Type.STRING), "test", (Object) null));
    }

    private static Schema withExtraOptionalField(Schema base, String name) {
        Schema optional = SchemaBuilder.unionOf().nullType().and().stringType().endUnion();
        return copyWith(base, new Schema.Field(name, optional, "test", Schema.Field.NULL_DEFAULT_VALUE));
    }

    private static Schema copyWith(Schema base, Schema.Field extra) {
        List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }
}
