package org.vantage.config;

import java.util.List;

/** The configuration reference in Markdown, rendered from the declarations so it cannot drift from them. */
public final class SettingsDoc {

    private SettingsDoc() {}

    /** One table: name, variable, option (aliases after the preferred name), type, default, check, meaning. */
    public static String table(Settings settings) {
        StringBuilder out = new StringBuilder();
        out.append("| name | environment | option | type | default | check | meaning |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Setting<?> s : settings.all()) {
            out.append("| `")
                    .append(s.key())
                    .append("` | ")
                    .append(env(s))
                    .append(" | ")
                    .append(options(s.options()))
                    .append(" | ")
                    .append(s.type().name())
                    .append(" | ")
                    .append(s.required() || s.defaultValue() == null ? s.defaultText() : "`" + s.defaultText() + "`")
                    .append(" | ")
                    .append(s.check() == null ? "" : escape(s.check().describe()))
                    .append(" | ")
                    .append(escape(s.help()))
                    .append(s.deprecated() ? " (**deprecated**: " + escape(s.deprecation()) + ")" : "")
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String env(Setting<?> s) {
        if (s.env() == null) {
            return "";
        }
        return "`" + s.env() + "`"
                + (s.envAliases().isEmpty()
                        ? ""
                        : " (also "
                                + String.join(
                                        ", ",
                                        s.envAliases().stream()
                                                .map(n -> "`" + n + "`")
                                                .toList()) + ")");
    }

    private static String options(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("`" + names.get(0) + "`");
        if (names.size() > 1) {
            s.append(" (also ");
            s.append(String.join(
                    ", ",
                    names.subList(1, names.size()).stream()
                            .map(n -> "`" + n + "`")
                            .toList()));
            s.append(")");
        }
        return s.toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
