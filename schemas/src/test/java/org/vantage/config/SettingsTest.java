package org.vantage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class SettingsTest {

    static final Setting<String> SERVERS = Setting.of("kafka.bootstrap-servers", SettingType.STRING)
            .env("X_BOOTSTRAP_SERVERS")
            .option("--bootstrap-servers")
            .required()
            .help("Kafka")
            .build();
    static final Setting<Duration> INTERVAL = Setting.of("schedule.interval", SettingType.DURATION)
            .env("X_INTERVAL", "X_INTERVAL_OLD")
            .option("--interval", "--every")
            .defaultValue(Duration.ofMinutes(1))
            .check(Check.positive())
            .help("time between rounds")
            .build();
    static final Setting<Integer> THREADS = Setting.of("threads", SettingType.INT)
            .env("X_THREADS")
            .defaultValue(1)
            .check(Check.atLeast(1))
            .help("threads")
            .build();
    static final Settings APP = Settings.of("app", SERVERS, INTERVAL, THREADS);

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefault() {
        Sources sources = new Sources(
                Map.of("schedule.interval", "2m", "threads", "3", "kafka.bootstrap-servers", "file:1"),
                Map.of("X_INTERVAL", "3m", "X_BOOTSTRAP_SERVERS", "env:1"),
                Map.of("kafka.bootstrap-servers", "cli:1"));
        Resolved r = APP.resolve(sources);
        assertThat(r.get(SERVERS)).isEqualTo("cli:1");
        assertThat(r.get(INTERVAL)).isEqualTo(Duration.ofMinutes(3));
        assertThat(r.get(THREADS)).isEqualTo(3);
        assertThat(r.origin(INTERVAL)).isEqualTo("X_INTERVAL (schedule.interval)");

        Resolved defaults = APP.resolve(Sources.environment(Map.of("X_BOOTSTRAP_SERVERS", "h:1", "X_THREADS", "  ")));
        assertThat(defaults.get(INTERVAL)).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.get(THREADS)).isEqualTo(1);
        assertThat(defaults.isSet(THREADS)).isFalse();

        Resolved oldName =
                APP.resolve(Sources.environment(Map.of("X_BOOTSTRAP_SERVERS", "h:1", "X_INTERVAL_OLD", "7s")));
        assertThat(oldName.get(INTERVAL)).as("an old variable name still works").isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void everyProblemIsListedAtOnceNamingWhereTheValueCameFrom() {
        Sources sources = new Sources(Map.of("threads", "0", "thread", "2"), Map.of("X_INTERVAL", "90"), Map.of());
        assertThatThrownBy(() -> APP.resolve(sources))
                .isInstanceOf(SettingsException.class)
                .satisfies(e -> assertThat(((SettingsException) e).problems())
                        .containsExactly(
                                "unknown configuration keys [thread]; known keys: [kafka.bootstrap-servers, schedule.interval, threads]",
                                "kafka.bootstrap-servers is required (or set X_BOOTSTRAP_SERVERS); option --bootstrap-servers",
                                "X_INTERVAL (schedule.interval): '90' has no unit: add a unit, e.g. 90s",
                                "threads: must be >= 1, got 0"));
    }

    @Test
    void optionsComeFromTheDeclarationsWithTheirOldNamesAsAliases() {
        CommandSpec spec = CommandSpec.create();
        CommandLineSettings.addOptions(spec, APP);
        new CommandLine(spec).parseArgs("--every", "5s", "--bootstrap-servers", "h:9");
        Resolved r = CommandLineSettings.resolve(spec, APP, Map.of("X_INTERVAL", "1h"));
        assertThat(r.get(INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.origin(INTERVAL)).isEqualTo("--interval");
        assertThat(spec.findOption("--threads")).isNull();
        assertThat(spec.findOption("--interval").description()[0])
                .contains("time between rounds", "X_INTERVAL", "default 1m");
    }

    @Test
    void theDeclarationsAreAKafkaConfigDefAndAMarkdownTable() {
        assertThat(APP.configDef().names())
                .containsExactlyInAnyOrder("kafka.bootstrap-servers", "schedule.interval", "threads");
        assertThat(SettingsDoc.table(APP))
                .contains(
                        "| `schedule.interval` | `X_INTERVAL` (also `X_INTERVAL_OLD`) | `--interval` (also `--every`) | duration | `1m` | > 0 | time between rounds |");
    }

    static final Setting<Duration> OLD_DELAY = Setting.of("old-delay", SettingType.DURATION)
            .env("X_OLD_DELAY")
            .option("--old-delay")
            .defaultValue(Duration.ofSeconds(10))
            .deprecated("no effect any more")
            .help("how long it waited")
            .build();
    static final Settings WITH_OLD = APP.with("app", OLD_DELAY);

    @Test
    void aDeprecatedSettingIsStillAcceptedAndWarnedAboutOnlyWhenSet() {
        Resolved set = WITH_OLD.resolve(Sources.environment(Map.of("X_BOOTSTRAP_SERVERS", "h:1", "X_OLD_DELAY", "5s")));
        assertThat(set.get(OLD_DELAY)).isEqualTo(Duration.ofSeconds(5));
        assertThat(set.deprecationWarnings())
                .containsExactly("X_OLD_DELAY (old-delay) is deprecated: no effect any more");

        Resolved unset = WITH_OLD.resolve(Sources.environment(Map.of("X_BOOTSTRAP_SERVERS", "h:1")));
        assertThat(unset.deprecationWarnings()).isEmpty();
        assertThat(unset.with(OLD_DELAY, Duration.ZERO).deprecationWarnings())
                .containsExactly("old-delay (set in code) is deprecated: no effect any more");
    }

    @Test
    void aDeprecatedSettingSaysSoInTheTableAndInItsOption() {
        assertThat(SettingsDoc.table(WITH_OLD)).contains("| how long it waited (**deprecated**: no effect any more) |");
        CommandSpec spec = CommandSpec.create();
        CommandLineSettings.addOptions(spec, WITH_OLD);
        assertThat(spec.findOption("--old-delay").description()[0])
                .startsWith("how long it waited (deprecated: no effect any more)");
    }
}
