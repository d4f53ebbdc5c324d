package org.vantage.config;

import java.util.List;
import java.util.Objects;

/**
 * One setting, declared once: its name (also its key in a configuration file), environment variable,
 * command-line option and aliases, type, default, check and one line of help. Applications list their
 * settings in a {@link Settings} and read them only through it.
 */
public final class Setting<T> {
    private final String key;
    private final String env;
    private final List<String> envAliases;
    private final List<String> options;
    private final SettingType<T> type;
    private final T defaultValue;
    private final String defaultText;
    private final boolean required;
    private final Check<T> check;
    private final String help;
    private final String deprecation;

    private Setting(Builder<T> b) {
        this.key = Objects.requireNonNull(b.key, "key");
        this.env = b.env;
        this.envAliases = List.copyOf(b.envAliases);
        this.options = List.copyOf(b.options);
        this.type = Objects.requireNonNull(b.type, "type");
        this.defaultValue = b.defaultValue;
        this.defaultText = b.defaultText != null
                ? b.defaultText
                : b.defaultValue == null ? (b.required ? "required" : "none") : b.type.format(b.defaultValue);
        this.required = b.required;
        this.check = b.check;
        this.help = Objects.requireNonNull(b.help, "help of " + b.key);
        this.deprecation = b.deprecation;
    }

    public static <T> Builder<T> of(String key, SettingType<T> type) {
        return new Builder<>(key, type);
    }

    /** The same setting, required by an application that cannot start without it. */
    public Setting<T> asRequired() {
        return toBuilder().defaultValue(null).defaultText(null).required().build();
    }

    /** A builder holding this declaration, for an application's variant of a shared setting. */
    public Builder<T> toBuilder() {
        Builder<T> b = new Builder<>(key, type);
        b.env = env;
        b.envAliases = envAliases;
        b.options = options;
        b.defaultValue = defaultValue;
        b.defaultText = defaultText;
        b.required = required;
        b.check = check;
        b.help = help;
        b.deprecation = deprecation;
        return b;
    }

    /** The name: a dotted key, as written in a configuration file. */
    public String key() {
        return key;
    }

    /** The environment variable, or null. */
    public String env() {
        return env;
    }

    /** Old names of the environment variable, still read after {@link #env()}. */
    public List<String> envAliases() {
        return envAliases;
    }

    /** Command-line option names, the preferred first and the old names (aliases) after it; may be empty. */
    public List<String> options() {
        return options;
    }

    public SettingType<T> type() {
        return type;
    }

    /** The value when nothing sets it; null when it has none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as the documentation shows it. */
    public String defaultText() {
        return defaultText;
    }

    public boolean required() {
        return required;
    }

    /** The rule the value follows, or null. */
    public Check<T> check() {
        return check;
    }

    public String help() {
        return help;
    }

    /**
     * Why the setting is deprecated and what happens to its value (accepted, so that a deployment that sets it still
     * starts, with a warning), or null when it is not.
     */
    public String deprecation() {
        return deprecation;
    }

    public boolean deprecated() {
        return deprecation != null;
    }

    @Override
    public String toString() {
        return key;
    }

    public static final class Builder<T> {
        private final String key;
        private final SettingType<T> type;
        private String env;
        private List<String> envAliases = List.of();
        private List<String> options = List.of();
        private T defaultValue;
        private String defaultText;
        private boolean required;
        private Check<T> check;
        private String help;
        private String deprecation;

        private Builder(String key, SettingType<T> type) {
            this.key = key;
            this.type = type;
        }

        /** The environment variable, then old names still read after it. */
        public Builder<T> env(String variable, String... oldNames) {
            this.env = variable;
            this.envAliases = List.of(oldNames);
            return this;
        }

        /** The preferred option name first, then old names kept as aliases. */
        public Builder<T> option(String... names) {
            this.options = List.of(names);
            return this;
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        /** How the documentation shows a default that depends on the machine (a temporary directory). */
        public Builder<T> defaultText(String text) {
            this.defaultText = text;
            return this;
        }

        public Builder<T> required() {
            this.required = true;
            return this;
        }

        public Builder<T> check(Check<T> rule) {
            this.check = rule;
            return this;
        }

        public Builder<T> help(String line) {
            this.help = line;
            return this;
        }

        /** Marks the setting deprecated: still accepted, with {@code why} in the documentation and in a warning. */
        public Builder<T> deprecated(String why) {
            this.deprecation = why;
            return this;
        }

        public Setting<T> build() {
            return new Setting<>(this);
        }
    }
}
