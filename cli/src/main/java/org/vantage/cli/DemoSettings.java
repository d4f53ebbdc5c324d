package org.vantage.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.vantage.config.Check;
import org.vantage.config.Setting;
import org.vantage.config.SettingType;
import org.vantage.config.Settings;
import org.vantage.detect.config.ProcessorSettings;

/**
 * The settings of {@code vantage demo}. The detector it starts reads the processor's own settings from the
 * environment as well (thresholds, say); the demo sets its endpoints, state directory and HTTP port.
 */
final class DemoSettings {

    private DemoSettings() {}

    static final Setting<String> SCENARIO = Setting.of("demo.scenario", SettingType.STRING)
            .option("--scenario")
            .defaultValue("pk-2024-01-20")
            .help("scenario file or shipped scenario name")
            .build();
    static final Setting<Double> SPEED = Setting.of("demo.speed", SettingType.DOUBLE)
            .option("--speed")
            .defaultValue(300.0)
            .check(Check.of("> 0", v -> v > 0 ? null : "must be positive, got " + v))
            .help("scenario seconds per wall second (300: the 6-hour evening in about 72 s)")
            .build();
    static final Setting<Path> DATA_DIR = Setting.of("demo.data-dir", SettingType.PATH)
            .env("VANTAGE_DEMO_DIR")
            .option("--data-dir")
            .defaultValue(Path.of(".vantage/demo"))
            .help("working directory of the demo, wiped at start")
            .build();
    static final Setting<Integer> HTTP_PORT = Setting.of(ProcessorSettings.HTTP_PORT.key(), SettingType.INT)
            .env(ProcessorSettings.HTTP_PORT.env())
            .option("--http-port")
            .defaultValue(ProcessorSettings.HTTP_PORT.defaultValue())
            .check(Check.between(0, 65535))
            .help("port of the detector's HTTP API and dashboard (0 = any free port)")
            .build();
    static final Setting<DemoCommand.ExitAfter> EXIT_AFTER = Setting.of(
                    "demo.exit-after", SettingType.oneOf(DemoCommand.ExitAfter.class))
            .env("VANTAGE_DEMO_EXIT_AFTER")
            .option("--exit-after")
            .defaultValue(DemoCommand.ExitAfter.never)
            .help("stop by itself after the first OPENED or RESOLVED alert or the scenario's end (CI)")
            .build();
    static final Setting<Duration> TIMEOUT = Setting.of("demo.timeout", SettingType.DURATION)
            .option("--timeout")
            .defaultValue(Duration.ofMinutes(10))
            .check(Check.positive())
            .help("with --exit-after: fail if that moment has not come within this time")
            .build();

    static final Settings ALL =
            Settings.of("demo (vantage demo)", SCENARIO, SPEED, DATA_DIR, HTTP_PORT, EXIT_AFTER, TIMEOUT);
}
