package org.vantage.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The values of a {@link Settings}, typed, each from the source with the highest precedence that set it. */
public final class Resolved {
    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, String> origins;

    Resolved(Map<Setting<?>, Object> values, Map<Setting<?>, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    /** The value; the default (maybe null) when nothing set it. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException(setting.key() + " is not one of these settings");
        }
        return (T) values.get(setting);
    }

    /** Whether a file, the environment or the command line set it (not the default). */
    public boolean isSet(Setting<?> setting) {
        return origins.containsKey(setting);
    }

    /**
     * The same values with {@code setting} set in code (a typed builder for tests, the demo, the bench): it
     * wins over every other source.
     */
    public <T> Resolved with(Setting<T> setting, T value) {
        get(setting);
        Map<Setting<?>, Object> v = new java.util.LinkedHashMap<>(values);
        v.put(setting, value);
        Map<Setting<?>, String> o = new HashMap<>(origins);
        o.put(setting, "code");
        return new Resolved(v, o);
    }

    /**
     * What set it, as error messages name it: the option, the variable (with the setting's name), the file key,
     * or "code" for a builder; null for the default.
     */
    public String origin(Setting<?> setting) {
        return origins.get(setting);
    }

    /** One warning per deprecated setting that a source set, naming where it was set and why it is deprecated. */
    public List<String> deprecationWarnings() {
        List<String> warnings = new ArrayList<>();
        for (Setting<?> s : values.keySet()) {
            if (s.deprecated() && origins.containsKey(s)) {
                String origin = origins.get(s);
                warnings.add((origin.equals("code") ? s.key() + " (set in code)" : origin) + " is deprecated: "
                        + s.deprecation());
            }
        }
        return warnings;
    }
}
