package org.vantage.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {

    @Test
    void readsQuotedFieldsEscapedQuotesLineBreaksAndCrlfByHeaderName() throws Exception {
        List<CsvTable.Row> rows =
                CsvTable.read(new StringReader("a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\r\n4,\"two\nlines\",\n7,8"), "t.csv");

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("b")).isEqualTo("x, \"y\"");
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(1).get("b")).isEqualTo("two\nlines");
        assertThat(rows.get(1).get("c")).isEmpty();
        assertThat(rows.get(1).line()).isEqualTo(4);
        assertThat(rows.get(2).get("a")).isEqualTo("7");
        assertThat(rows.get(2).line()).isEqualTo(6);
        assertThat(rows.get(2).get("c")).isEmpty();
        assertThat(rows.get(2).get("no-such-column")).isEmpty();
    }

    @Test
    void rejectsRowsLongerThanTheHeaderAndEmptyFiles() {
        assertThatThrownBy(() -> CsvTable.read(new StringReader("a,b\n1,2,3\n"), "t.csv"))
                .hasMessage("t.csv:2: 3 fields but the header has 2");
        assertThatThrownBy(() -> CsvTable.read(new StringReader(""), "t.csv")).hasMessageContaining("empty file");
    }
}
