package org.vantage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    @Test
    void rendersAlignedRowsAndKeepsNaNAsNull() {
        ResultTable t = new ResultTable();
        t.add("a", "short", 123456.7, "rec/s", "n1");
        t.add("ratio", "a much longer label", 0.456, "x", "");
        t.add("missing", "missing", Double.NaN, "ms", "skipped");
        String[] lines = t.render().split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[2]).contains("123,457").contains("rec/s");
        assertThat(lines[3]).contains("0.46");
        assertThat(lines[4]).contains("n/a");
        int valueEnd = lines[2].indexOf("123,457") + "123,457".length();
        assertThat(lines[3].indexOf("0.46") + "0.46".length()).isEqualTo(valueEnd);
        @SuppressWarnings("unchecked")
        Map<String, Object> missing = (Map<String, Object>) t.toMap().get("missing");
        assertThat(missing.get("value")).isNull();
        assertThat(t.value("a")).isEqualTo(123456.7);
        assertThat(t.value("nope")).isNaN();
    }
}
