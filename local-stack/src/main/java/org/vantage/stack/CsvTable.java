package org.vantage.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small RFC 4180 reader: comma separated, double-quoted fields may hold commas, quotes ({@code ""}) and
 * line breaks. Rows are read by header name so columns can be added to a table without breaking readers.
 */
final class CsvTable {

    /** One data row; {@link #line()} is its first line in the source, for error messages. */
    record Row(int line, Map<String, String> values) {
        /** The trimmed value, empty when the column is absent or blank. */
        String get(String column) {
            String v = values.get(column);
            return v == null ? "" : v.trim();
        }
    }

    private CsvTable() {}

    static List<Row> read(Reader source, String name) throws IOException {
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        BufferedReader in = new BufferedReader(source);
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int recordLine = 1;
        int c;
        while ((c = in.read()) >= 0) {
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next >= 0) {
                            in.reset();
                        }
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
            } else if (ch == '"' && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                record.add(field.toString());
                if (!(record.size() == 1 && record.get(0).isBlank())) {
                    records.add(record);
                    lines.add(recordLine);
                }
                record = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
                line++;
                recordLine = line;
            } else {
                field.append(ch);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(name + ":" + recordLine + ": unterminated quoted field");
        }
        if (fieldStarted || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
            lines.add(recordLine);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty file, expected a header line");
        }
        List<String> header = records.get(0).stream().map(String::trim).toList();
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> fields = records.get(i);
            if (fields.size() > header.size()) {
                throw new IllegalArgumentException(name + ":" + lines.get(i) + ": " + fields.size()
                        + " fields but the header has " + header.size());
            }
            Map<String, String> values = new HashMap<>();
            for (int f = 0; f < fields.size(); f++) {
                values.put(header.get(f), fields.get(f));
            }
            rows.add(new Row(lines.get(i), values));
        }
        return rows;
    }
}
