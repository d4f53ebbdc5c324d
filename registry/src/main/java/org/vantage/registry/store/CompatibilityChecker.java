package org.vantage.registry.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.vantage.registry.CompatibilityLevel;

/**
 * Decides whether a new schema may follow earlier versions under a compatibility level, using Avro's own
 * reader/writer checker ({@link SchemaCompatibility}) exactly as Confluent Schema Registry does.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {}

    /**
     * Checks {@code candidate} against {@code earlier} (oldest first): against the last one only, or all of
     * them for a transitive level.
     *
     * @return human-readable incompatibilities naming the field path; empty when compatible
     */
    public static List<String> check(CompatibilityLevel level, Schema candidate, List<Schema> earlier) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return problems;
        }
        List<Schema> against = level.transitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
        for (Schema old : against) {
            if (level.backward()) {
                describe(
                        SchemaCompatibility.checkReaderWriterCompatibility(candidate, old),
                        candidate,
                        "new schema cannot read data written with an earlier schema",
                        problems);
            }
            if (level.forward()) {
                describe(
                        SchemaCompatibility.checkReaderWriterCompatibility(old, candidate),
                        old,
                        "an earlier schema cannot read data written with the new schema",
                        problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, Schema reader, String direction, List<String> out) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility inc : result.getResult().getIncompatibilities()) {
            out.add("{errorType:'" + inc.getType() + "', field:'" + fieldPath(reader, inc.getLocation())
                    + "', location:'" + inc.getLocation() + "', detail:'" + inc.getMessage()
                    + "', problem:'" + direction + "'}");
        }
    }

    /**
     * Turns Avro's JSON-pointer-like location (e.g. {@code /fields/3/type/fields/1/type}) into dotted field
     * names of {@code schema} (e.g. {@code timings.connect_ms}), so a message names the field.
     */
    static String fieldPath(Schema schema, String location) {
        List<String> names = new ArrayList<>();
        String[] tokens = location.split("/");
        Schema current = schema;
        for (int i = 0; i < tokens.length && current != null; i++) {
            String token = tokens[i];
            if (token.equals("fields") && i + 1 < tokens.length && current.getType() == Schema.Type.RECORD) {
                int index = parseIndex(tokens[++i]);
                if (index < 0 || index >= current.getFields().size()) {
                    break;
                }
                Schema.Field field = current.getFields().get(index);
                names.add(field.name());
                current = field.schema();
            } else if (token.equals("items") && current.getType() == Schema.Type.ARRAY) {
                current = current.getElementType();
            } else if (token.equals("values") && current.getType() == Schema.Type.MAP) {
                current = current.getValueType();
            } else if (current.getType() == Schema.Type.UNION
                    && parseIndex(token) >= 0
                    && parseIndex(token) < current.getTypes().size()) {
                current = current.getTypes().get(parseIndex(token));
            }
        }
        return names.isEmpty() ? "(top level)" : String.join(".", names);
    }

    private static int parseIndex(String token) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
