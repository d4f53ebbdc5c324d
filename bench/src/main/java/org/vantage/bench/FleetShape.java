package org.vantage.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The size of a synthetic fleet: probes spread over networks spread over countries. The benchmark's default fleet
 * is {@link #BASE}; the scale sweep runs several shapes, written {@code probes/networks/countries} with an optional
 * {@code k} (thousands) suffix, for example {@code 20k/1000/200}.
 */
record FleetShape(int probes, int networks, int countries) {
    static final FleetShape BASE = new FleetShape(2_000, 100, 20);
    /** The diagonal the sweep runs by default: ten times more probes and networks per step, 200 countries from the second. */
    static final List<FleetShape> DEFAULT_SWEEP =
            List.of(BASE, new FleetShape(20_000, 1_000, 200), new FleetShape(200_000, 10_000, 200));

    FleetShape {
        List<String> problems = problems(probes, networks, countries);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static List<String> problems(int probes, int networks, int countries) {
        List<String> p = new ArrayList<>();
        if (countries < 1 || countries > BenchFleet.MAX_COUNTRIES) {
            p.add("countries must be 1.." + BenchFleet.MAX_COUNTRIES
                    + " (ISO codes not used by the latency injections), got " + countries);
        }
        if (networks < countries) {
            p.add("every country needs a network: networks (" + networks + ") must be at least countries (" + countries
                    + ")");
        }
        if (networks > countries * 100_000) {
            p.add("at most 100,000 networks per country, got " + networks + " for " + countries);
        }
        if (probes < networks) {
            p.add("every network needs a probe: probes (" + probes + ") must be at least networks (" + networks + ")");
        }
        return p;
    }

    /** Parses {@code probes/networks/countries}, each a whole number with an optional k suffix (2k = 2000). */
    static FleetShape parse(String s) {
        String[] parts = s.trim().split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "a fleet point is probes/networks/countries, e.g. 20k/1000/200; got '" + s + "'");
        }
        int[] v = new int[3];
        for (int i = 0; i < 3; i++) {
            String x = parts[i].trim().toLowerCase(Locale.ROOT).replace(",", "").replace("_", "");
            int factor = 1;
            if (x.endsWith("k")) {
                factor = 1000;
                x = x.substring(0, x.length() - 1);
            }
            try {
                v[i] = Math.multiplyExact(Integer.parseInt(x), factor);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(
                        "'" + parts[i] + "' in fleet point '" + s + "' is not a whole number (k suffix allowed)");
            }
        }
        return new FleetShape(v[0], v[1], v[2]);
    }

    /** Short form, as parsed: {@code 20k/1000/200}. */
    String key() {
        return (probes % 1000 == 0 ? probes / 1000 + "k" : Integer.toString(probes)) + "/" + networks + "/" + countries;
    }

    String label() {
        return String.format(Locale.ROOT, "%,d probes / %,d networks / %,d countries", probes, networks, countries);
    }
}
