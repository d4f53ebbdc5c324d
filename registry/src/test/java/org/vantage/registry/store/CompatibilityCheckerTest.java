package org.vantage.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.vantage.registry.CompatibilityLevel;

class CompatibilityCheckerTest {

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    @Test
    void messagesNameTheNestedField() {
        Schema old = parse(
                "{\"type\":\"record\",\"name\":\"M\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                        + "{\"name\":\"timings\",\"type\":{\"type\":\"record\",\"name\":\"T\",\"fields\":["
                        + "{\"name\":\"dns_ms\",\"type\":[\"null\",\"int\"],\"default\":null},{\"name\":\"total_ms\",\"type\":\"long\"}]}}]}");
        Schema changed = parse(
                "{\"type\":\"record\",\"name\":\"M\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                        + "{\"name\":\"timings\",\"type\":{\"type\":\"record\",\"name\":\"T\",\"fields\":["
                        + "{\"name\":\"dns_ms\",\"type\":[\"null\",\"int\"],\"default\":null},{\"name\":\"total_ms\",\"type\":\"int\"}]}}]}");
        List<String> problems = CompatibilityChecker.check(CompatibilityLevel.BACKWARD, changed, List.of(old));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("field:'timings.total_ms'").contains("TYPE_MISMATCH");
    }

    @Test
    void fieldPathFollowsUnionsAndArrays() {
        Schema s = parse(
                "{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"xs\",\"type\":[\"null\","
                        + "{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"B\",\"fields\":[{\"name\":\"y\",\"type\":\"int\"}]}}]}]}");
        assertThat(CompatibilityChecker.fieldPath(s, "/fields/0/type/1/items/fields/0/type"))
                .isEqualTo("xs.y");
        assertThat(CompatibilityChecker.fieldPath(s, "/")).isEqualTo("(top level)");
    }

    @Test
    void noneAndEmptyHistoryAcceptAnything() {
        Schema a = parse("\"string\"");
        Schema b = parse("\"int\"");
        assertThat(CompatibilityChecker.check(CompatibilityLevel.NONE, a, List.of(b)))
                .isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL_TRANSITIVE, a, List.of()))
                .isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL, a, List.of(b)))
                .isNotEmpty();
    }
}
