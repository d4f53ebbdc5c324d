package org.vantage.schema.evolution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.FleetConfig;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.schema.ProbeHeartbeat;

/**
 * The evolution rule of Vantage's public schemas: every schema must stay BACKWARD compatible with its
 * last released copy (kept under {@code schemas/released/}), i.e. a reader using the new schema can read
 * data written with the released one. Checked with Avro's own {@link SchemaCompatibility}.
 *
 * <p>Run {@code main} to release the current schemas (overwrites the released copies).
 */
public final class SchemaEvolution {

    /** The public schemas, each released under {@code released/<full name>.avsc}. */
    public static final List<Schema> PUBLIC_SCHEMAS = List.of(
            Measurement.getClassSchema(),
            ProbeHeartbeat.getClassSchema(),
            DisruptionAlert.getClassSchema(),
            NetworkInfo.getClassSchema(),
            FleetConfig.getClassSchema(),
            ProbeEnrollment.getClassSchema());

    private SchemaEvolution() {}

    /**
     * Human-readable problems of reading data written with {@code released} using {@code current}; empty
     * when compatible. Each problem names the field path, e.g. {@code field 'timings.dns_ms' ...}.
     */
    public static List<String> backwardProblems(Schema current, Schema released) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        List<String> problems = new ArrayList<>();
        for (Incompatibility inc : result.getResult().getIncompatibilities()) {
            problems.add(String.format(
                    "%s: field '%s' (%s): %s",
                    current.getFullName(), fieldPath(current, inc.getLocation()), inc.getType(), inc.getMessage()));
        }
        return problems;
    }

    /**
     * Turns Avro's JSON-pointer-like location ({@code /fields/3/type/fields/0}) into field names
     * ({@code timings.dns_ms}) by walking the reader schema.
     */
    static String fieldPath(Schema schema, String location) {
        String[] parts = location.split("/");
        List<String> names = new ArrayList<>();
        Schema cursor = schema;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (cursor == null) {
                break;
            }
            if (cursor.getType() == Schema.Type.UNION && !"fields".equals(part)) {
                // locations step into unions by index; keep following the record branch if any
                cursor = cursor.getTypes().stream()
                        .filter(t -> t.getType() == Schema.Type.RECORD)
                        .findFirst()
                        .orElse(cursor);
            }
            if ("fields".equals(part) && i + 1 < parts.length && cursor.getType() == Schema.Type.RECORD) {
                int index = Integer.parseInt(parts[++i]);
                Schema.Field field = cursor.getFields().get(index);
                names.add(field.name());
                cursor = field.schema();
            } else if ("items".equals(part) && cursor.getType() == Schema.Type.ARRAY) {
                cursor = cursor.getElementType();
            } else if ("values".equals(part) && cursor.getType() == Schema.Type.MAP) {
                cursor = cursor.getValueType();
            }
        }
        return names.isEmpty() ? "<root>" : String.join(".", names);
    }

    public static Path releasedFile(Path releasedDir, Schema schema) {
        return releasedDir.resolve(schema.getFullName() + ".avsc");
    }

    public static Schema readReleased(Path file) throws IOException {
        return new Schema.Parser().parse(Files.readString(file));
    }

    /** Writes the current public schemas as the new released copies. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "schemas/released");
        Files.createDirectories(dir);
        for (Schema schema : PUBLIC_SCHEMAS) {
            Path file = releasedFile(dir, schema);
            Files.writeString(file, schema.toString(true) + System.lineSeparator());
            System.out.println("released " + file);
        }
    }
}
