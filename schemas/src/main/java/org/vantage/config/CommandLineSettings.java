package org.vantage.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command-line side of {@link Settings}: one picocli option per setting that declares one (its old names
 * as aliases), with the setting's help, variable and default in the description; and the values the user
 * gave, for {@link Sources#withCommandLine}.
 */
public final class CommandLineSettings {

    private CommandLineSettings() {}

    /** Adds the options of {@code settings} to {@code spec} (from a picocli model transformer or a constructor). */
    public static CommandSpec addOptions(CommandSpec spec, Settings settings) {
        for (Setting<?> s : settings.all()) {
            if (s.options().isEmpty()) {
                continue;
            }
            OptionSpec.Builder option = OptionSpec.builder(s.options().toArray(String[]::new))
                    .paramLabel(label(s))
                    .description(description(s));
            if (s.type() == SettingType.LIST) {
                // repeatable, and comma-separated like the variable
                option.type(List.class).auxiliaryTypes(String.class).splitRegex(",");
            } else {
                option.type(String.class);
            }
            spec.addOption(option.build());
        }
        return spec;
    }

    /** The values given on the command line, by setting key. */
    public static Map<String, String> values(CommandSpec spec, Settings settings) {
        Map<String, String> given = new LinkedHashMap<>();
        for (Setting<?> s : settings.all()) {
            if (s.options().isEmpty()) {
                continue;
            }
            OptionSpec option = spec.findOption(s.options().get(0));
            Object value = option == null ? null : option.getValue();
            if (value instanceof List<?> list) {
                if (!list.isEmpty()) {
                    given.put(
                            s.key(),
                            String.join(",", list.stream().map(String::valueOf).toList()));
                }
            } else if (value != null) {
                given.put(s.key(), value.toString());
            }
        }
        return given;
    }

    /** Resolves {@code settings} from this command's options over this process's environment. */
    public static Resolved resolve(CommandSpec spec, Settings settings) {
        return settings.resolve(Sources.processEnvironment().withCommandLine(values(spec, settings)));
    }

    /** Resolves {@code settings} from this command's options over the environment {@code env}. */
    public static Resolved resolve(CommandSpec spec, Settings settings, Map<String, String> env) {
        return settings.resolve(Sources.environment(env).withCommandLine(values(spec, settings)));
    }

    private static String label(Setting<?> s) {
        return switch (s.type().name()) {
            case "duration" -> "DURATION";
            case "integer" -> "N";
            case "number" -> "X";
            case "path" -> "PATH";
            case "boolean" -> "true|false";
            default ->
                s.key()
                        .toUpperCase(java.util.Locale.ROOT)
                        .replaceAll(".*\\.", "")
                        .replace('-', '_');
        };
    }

    private static String description(Setting<?> s) {
        StringBuilder d = new StringBuilder(s.help());
        if (s.deprecated()) {
            d.append(" (deprecated: ").append(s.deprecation()).append(")");
        }
        List<String> notes = new java.util.ArrayList<>();
        if (s.env() != null) {
            notes.add("env " + s.env());
        }
        notes.add(s.required() ? "required" : "default " + s.defaultText());
        d.append(" (").append(String.join("; ", notes)).append(")");
        return d.toString().replace("%", "%%");
    }
}
