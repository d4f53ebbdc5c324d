package org.vantage.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.SchemaRegistryException;

class SchemaStoreTest {

    private static final Schema V1 = record("{\"name\":\"a\",\"type\":\"string\"}");
    /** Adds an optional field: BACKWARD and FORWARD compatible with V1. */
    private static final Schema V2_OPTIONAL = record(
            "{\"name\":\"a\",\"type\":\"string\"}," + "{\"name\":\"b\",\"type\":[\"null\",\"int\"],\"default\":null}");
    /** Adds a required field: FORWARD compatible only (new readers cannot fill 'c' from old data). */
    private static final Schema V2_REQUIRED =
            record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"c\",\"type\":\"int\"}");
    /** Drops 'a' that has no default: BACKWARD compatible only. */
    private static final Schema V2_EMPTY = record("");

    private final SchemaStore store = new SchemaStore();

    private static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
    }

    private int register(String subject, Schema schema) {
        SchemaStore.Registration plan = store.planRegistration(subject, schema);
        plan.toAppend().ifPresent(store::apply);
        return plan.registered().id();
    }

    @Test
    void idsAreGlobalAndReusedAcrossSubjectsVersionsArePerSubject() {
        int a1 = register("a", V1);
        int a2 = register("a", V2_OPTIONAL);
        int b1 = register("b", V2_OPTIONAL);
        assertThat(a1).isEqualTo(1);
        assertThat(a2).isEqualTo(2);
        assertThat(b1).isEqualTo(a2);
        assertThat(store.versions("a")).containsExactly(1, 2);
        assertThat(store.versions("b")).containsExactly(1);
        assertThat(store.lookup("b", V2_OPTIONAL).version()).isEqualTo(1);
        assertThat(store.subjects()).containsExactly("a", "b");
    }

    @Test
    void registeringTheSameSchemaAgainAppendsNothing() {
        register("a", V1);
        SchemaStore.Registration again =
                store.planRegistration("a", record("{\"name\" : \"a\", \"type\" : \"string\"}"));
        assertThat(again.toAppend()).isEmpty();
        assertThat(again.registered().version()).isEqualTo(1);
    }

    @Test
    void backwardIsTheDefaultAndRejectsANewRequiredField() {
        register("a", V1);
        assertThatThrownBy(() -> store.planRegistration("a", V2_REQUIRED))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage())
                            .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                            .contains("c");
                });
        assertThat(store.planRegistration("a", V2_EMPTY).toAppend()).isPresent();
    }

    @Test
    void forwardFullAndNoneFollowTheirDefinitions() {
        register("f", V1);
        store.applyConfig("f", CompatibilityLevel.FORWARD);
        assertThat(store.compatibilityProblems("f", V2_REQUIRED, null)).isEmpty();
        assertThat(store.compatibilityProblems("f", V2_EMPTY, null)).isNotEmpty();

        store.applyConfig("f", CompatibilityLevel.FULL);
        assertThat(store.compatibilityProblems("f", V2_OPTIONAL, null)).isEmpty();
        assertThat(store.compatibilityProblems("f", V2_REQUIRED, null)).isNotEmpty();
        assertThat(store.compatibilityProblems("f", V2_EMPTY, null)).isNotEmpty();

        store.applyConfig("f", CompatibilityLevel.NONE);
        assertThat(store.compatibilityProblems("f", record("{\"name\":\"a\",\"type\":\"int\"}"), null))
                .isEmpty();
    }

    @Test
    void transitiveChecksEveryEarlierVersion() {
        store.applyConfig("t", CompatibilityLevel.BACKWARD);
        register("t", V1);
        register("t", V2_EMPTY); // drops 'a'
        // 'a' back as an int with a default: readable from the latest (no fields), not from v1 (string 'a').
        Schema aIntWithDefault = record("{\"name\":\"a\",\"type\":\"int\",\"default\":0}");
        assertThat(store.compatibilityProblems("t", aIntWithDefault, null)).isEmpty();
        store.applyConfig("t", CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(store.compatibilityProblems("t", aIntWithDefault, null)).isNotEmpty();
        assertThat(store.compatibilityProblems("t", aIntWithDefault, 2)).isEmpty(); // one given version only
    }

    @Test
    void subjectLevelOverridesGlobalAndCanBeRemoved() {
        assertThat(store.effectiveLevel("x")).isEqualTo(CompatibilityLevel.BACKWARD);
        store.applyConfig(null, CompatibilityLevel.FULL);
        store.applyConfig("x", CompatibilityLevel.NONE);
        assertThat(store.effectiveLevel("x")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(store.effectiveLevel("y")).isEqualTo(CompatibilityLevel.FULL);
        store.applyConfig("x", null);
        assertThat(store.effectiveLevel("x")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(store.subjectLevel("x")).isEmpty();
    }

    @Test
    void softDeleteHidesVersionsKeepsIdsAndNeverReusesVersionNumbers() {
        int id = register("d", V1);
        List<SchemaEntry> deletions = store.planSubjectDeletion("d");
        deletions.forEach(store::apply);
        assertThat(store.subjects()).doesNotContain("d");
        assertThat(store.schemaById(id)).contains(V1);
        assertThatThrownBy(() -> store.versions("d")).hasMessageContaining("Subject 'd' not found");
        register("d", V2_REQUIRED); // nothing live to be compatible with
        assertThat(store.versions("d")).containsExactly(2);
        assertThatThrownBy(() -> store.planSubjectDeletion("none"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401));
    }

    @Test
    void errorsCarryConfluentCodes() {
        register("e", V1);
        assertCode(() -> store.latest("nope"), 40401);
        assertCode(() -> store.version("e", 7), 40402);
        assertCode(() -> store.lookup("e", V2_OPTIONAL), 40403);
        assertCode(() -> SchemaStore.parse("{not json"), 42201);
        assertCode(() -> SchemaStore.parse("{\"type\":\"record\",\"name\":\"R\"}"), 42201);
    }

    @Test
    void replayingTheSameEntryTwiceIsHarmless() {
        SchemaEntry e = new SchemaEntry("r", 1, 5, V1.toString(), false);
        store.apply(e);
        store.apply(e);
        assertThat(store.versions("r")).containsExactly(1);
        assertThat(register("other", V2_OPTIONAL)).isEqualTo(6);
    }

    private static void assertCode(Runnable r, int code) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(code));
    }
}
