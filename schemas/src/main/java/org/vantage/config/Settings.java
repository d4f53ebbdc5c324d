package org.vantage.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The settings of one application, in the order its documentation lists them, and the one way it reads
 * them: {@link #resolve} takes defaults, then a file, then the environment, then the command line, and lists
 * every problem at once.
 *
 * <p>Validation runs through Kafka's own {@link ConfigDef} (each setting a string key whose validator parses
 * and checks it), the same machinery Kafka's clients use for theirs; the typed layer here adds what
 * ConfigDef has no notion of: environment variables, options, durations and typed reads.
 */
public final class Settings {
    private final String application;
    private final List<Setting<?>> all;

    private Settings(String application, List<Setting<?>> all) {
        this.application = application;
        this.all = List.copyOf(all);
        Set<String> keys = new TreeSet<>();
        for (Setting<?> s : all) {
            if (!keys.add(s.key())) {
                throw new IllegalArgumentException("setting " + s.key() + " is declared twice in " + application);
            }
        }
    }

    public static Settings of(String application, Setting<?>... settings) {
        return new Settings(application, Arrays.asList(settings));
    }

    /** These settings and {@code more}, for an application that shares another's (the demo, the processor's). */
    public Settings with(String application, Setting<?>... more) {
        List<Setting<?>> joined = new ArrayList<>(all);
        joined.addAll(Arrays.asList(more));
        return new Settings(application, joined);
    }

    public String application() {
        return application;
    }

    public List<Setting<?>> all() {
        return all;
    }

    /**
     * The typed values: for each setting the command line's value, else the environment's, else the file's,
     * else the default.
     *
     * @throws SettingsException listing every unknown file key, missing required value, value that does not
     *                           parse and value that breaks its setting's check
     */
    public Resolved resolve(Sources sources) {
        List<String> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(sources.file().keySet());
        all.forEach(s -> unknown.remove(s.key()));
        if (!unknown.isEmpty()) {
            problems.add("unknown configuration keys " + unknown + "; known keys: "
                    + new TreeSet<>(all.stream().map(Setting::key).toList()));
        }
        Map<String, String> raw = new HashMap<>();
        Map<Setting<?>, String> origins = new HashMap<>();
        for (Setting<?> s : all) {
            String origin = null;
            String value = null;
            if (set(sources.commandLine().get(s.key()))) {
                origin = s.options().isEmpty() ? s.key() : s.options().get(0);
                value = sources.commandLine().get(s.key());
            } else if (envName(s, sources) != null) {
                origin = envName(s, sources) + " (" + s.key() + ")";
                value = sources.environment().get(envName(s, sources));
            } else if (set(sources.file().get(s.key()))) {
                origin = s.key();
                value = sources.file().get(s.key());
            }
            if (origin != null) {
                raw.put(s.key(), value.trim());
                origins.put(s, origin);
            }
        }
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Map<String, ConfigValue> checked = configDef(origins).validateAll(raw);
        for (Setting<?> s : all) {
            List<String> errors = checked.get(s.key()).errorMessages();
            if (!errors.isEmpty()) {
                problems.addAll(errors);
            } else if (origins.containsKey(s)) {
                values.put(s, s.type().parse(raw.get(s.key())));
            } else if (s.required()) {
                problems.add(s.key() + " is required (or set " + s.env() + ")"
                        + (s.options().isEmpty()
                                ? ""
                                : "; option " + s.options().get(0)));
            } else {
                values.put(s, s.defaultValue());
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return new Resolved(values, origins);
    }

    /**
     * The settings as a Kafka {@link ConfigDef}: string keys with their help and default, each validated by
     * parsing and checking it.
     */
    public ConfigDef configDef() {
        return configDef(Map.of());
    }

    private ConfigDef configDef(Map<Setting<?>, String> origins) {
        ConfigDef def = new ConfigDef();
        for (Setting<?> s : all) {
            String name = origins.getOrDefault(s, s.key());
            def.define(
                    s.key(),
                    ConfigDef.Type.STRING,
                    null,
                    (key, value) -> check(s, name, (String) value),
                    s.required() ? ConfigDef.Importance.HIGH : ConfigDef.Importance.MEDIUM,
                    s.help());
        }
        return def;
    }

    private static <T> void check(Setting<T> s, String name, String text) {
        if (text == null) {
            return; // absent: the default, or a required setting reported as missing
        }
        T value;
        try {
            value = s.type().parse(text);
        } catch (RuntimeException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
        String problem = s.check() == null ? null : s.check().problem(value);
        if (problem != null) {
            throw new ConfigException(name + ": " + problem);
        }
    }

    /** The variable (or old name of it) that sets {@code s}, or null. */
    private static String envName(Setting<?> s, Sources sources) {
        if (s.env() == null) {
            return null;
        }
        if (set(sources.environment().get(s.env()))) {
            return s.env();
        }
        return s.envAliases().stream()
                .filter(a -> set(sources.environment().get(a)))
                .findFirst()
                .orElse(null);
    }

    private static boolean set(String v) {
        return v != null && !v.isBlank();
    }
}
