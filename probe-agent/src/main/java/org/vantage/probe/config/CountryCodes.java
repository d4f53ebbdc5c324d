package org.vantage.probe.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** ISO 3166-1 country codes, from the JDK's list. */
public final class CountryCodes {

    private static final Set<String> ALPHA2 = Set.of(Locale.getISOCountries());
    private static final Map<String, String> ALPHA3_TO_ALPHA2 = new TreeMap<>();

    static {
        for (String cc : Locale.getISOCountries()) {
            try {
                ALPHA3_TO_ALPHA2.put(new Locale("", cc).getISO3Country(), cc);
            } catch (RuntimeException e) {
                // a code without an alpha-3 equivalent: nothing to suggest for it
            }
        }
    }

    private CountryCodes() {}

    public static boolean isAlpha2(String code) {
        return code != null && code.length() == 2 && ALPHA2.contains(code.toUpperCase(Locale.ROOT));
    }

    /**
     * Checks an ISO 3166-1 alpha-2 code and returns it upper-cased.
     *
     * @throws ConfigException naming the right code when an alpha-3 code was given
     */
    public static String requireAlpha2(String key, String code) {
        try {
            return alpha2(code);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    /**
     * Checks an ISO 3166-1 alpha-2 code and returns it upper-cased.
     *
     * @throws IllegalArgumentException naming the right code when an alpha-3 code was given
     */
    public static String alpha2(String code) {
        if (isAlpha2(code)) {
            return code.toUpperCase(Locale.ROOT);
        }
        String suggestion = Optional.ofNullable(code)
                .map(c -> ALPHA3_TO_ALPHA2.get(c.toUpperCase(Locale.ROOT)))
                .orElse("PK");
        throw new IllegalArgumentException(
                "country '" + code + "' is not an ISO 3166-1 alpha-2 code: use e.g. " + suggestion);
    }
}
