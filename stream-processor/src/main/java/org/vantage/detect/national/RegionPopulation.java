package org.vantage.detect.national;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Population of the regions (provinces, territories) of a country from published census figures, shipped as
 * {@code reference/region-population.csv} (sources in the README next to it). Regions the census does not cover
 * have no figure, and no share is made up for them.
 */
final class RegionPopulation {
    static final String RESOURCE = "reference/region-population.csv";

    /** country -> normalised name or alias -> row; a row's population is null without a figure. */
    private final Map<String, Map<String, Row>> byCountry = new HashMap<>();

    private final Map<String, Long> totals = new HashMap<>();

    record Row(String region, Long population) {}

    private RegionPopulation() {}

    /** The bundled figures. */
    public static RegionPopulation bundled() {
        try (InputStream in = RegionPopulation.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static RegionPopulation parse(BufferedReader reader) throws IOException {
        RegionPopulation p = new RegionPopulation();
        String line = reader.readLine(); // header
        int number = 1;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": expected 4 columns, got " + f.length);
            }
            Long population = f[2].isBlank() ? null : Long.parseLong(f[2].trim());
            Row row = new Row(f[1].trim(), population);
            Map<String, Row> rows = p.byCountry.computeIfAbsent(f[0].trim(), c -> new HashMap<>());
            rows.put(normalise(row.region()), row);
            for (String alias : f[3].split("\\|")) {
                if (!alias.isBlank()) {
                    rows.put(normalise(alias), row);
                }
            }
            if (population != null) {
                p.totals.merge(f[0].trim(), population, Long::sum);
            }
        }
        return p;
    }

    /** Share of the country's population (as the census counts it) living in the region; null without a figure. */
    public Double share(String country, String region) {
        Row row = byCountry.getOrDefault(country, Map.of()).get(normalise(region));
        Long total = totals.get(country);
        return row == null || row.population() == null || total == null ? null : (double) row.population() / total;
    }

    static String normalise(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
