package org.vantage.cli;

import java.util.Locale;
import java.util.function.Predicate;
import org.vantage.schema.DisruptionAlert;

/** Country and classification filters of {@code vantage alerts tail}; null means any. */
record AlertFilter(String country, String classification) implements Predicate<DisruptionAlert> {

    AlertFilter {
        country = country == null ? null : country.toUpperCase(Locale.ROOT);
        classification = classification == null ? null : classification.toUpperCase(Locale.ROOT);
    }

    @Override
    public boolean test(DisruptionAlert alert) {
        // a global outage (country ZZ) concerns every country it lists
        return (country == null
                        || country.equals(alert.getCountry())
                        || alert.getCountries().stream().anyMatch(c -> country.equals(c.getCountry())))
                && (classification == null
                        || classification.equals(alert.getClassification().name()));
    }
}
