package org.vantage.ooni.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The command-line face of {@link OoniBridgeSettings}: one option per declared setting, no second declaration. */
public final class SettingsOptions {

    private SettingsOptions() {
    }

    /** Adds {@code --<name>} for every setting to {@code spec}, with its help, variable and default. */
    public static void addTo(CommandSpec spec) {
        for (OoniBridgeSettings.Setting s : OoniBridgeSettings.ALL) {
            spec.addOption(OptionSpec.builder(s.option()).paramLabel(s.paramLabel()).type(String.class)
                    .description(s.description()).build());
        }
    }

    /** The settings given on the command line, by setting name. */
    public static Map<String, String> given(CommandSpec spec) {
        Map<String, String> given = new LinkedHashMap<>();
        for (OoniBridgeSettings.Setting s : OoniBridgeSettings.ALL) {
            OptionSpec o = spec.findOption(s.option());
            if (o != null && o.getValue() != null) {
                given.put(s.name(), o.getValue());
            }
        }
        return given;
    }
}
