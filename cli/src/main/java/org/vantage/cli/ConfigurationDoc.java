package org.vantage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vantage.config.Settings;
import org.vantage.config.SettingsDoc;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.ooni.bridge.OoniBridgeSettings;
import org.vantage.probe.config.ProbeSettings;
import org.vantage.stack.LocalStackSettings;

/**
 * Writes {@code docs/configuration.md} from the declarations of every application's settings, so the
 * reference cannot drift from the code ({@code ConfigurationDocTest} fails when the checked-in file differs).
 * Run: {@code mvn -B -pl cli -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dvantage.docs.write=true}.
 */
public final class ConfigurationDoc {

    private ConfigurationDoc() {}

    /** Every application's settings, in the order of the document. */
    static List<Settings> applications() {
        return List.of(
                ProcessorSettings.ALL,
                ProbeSettings.ALL,
                org.vantage.probe.ProbeMainSettings.simulator(),
                LocalStackSettings.UP,
                LocalStackSettings.DOWN,
                LocalStackSettings.STATUS,
                LocalStackSettings.PROVISION,
                OperatorSettings.STACK,
                OperatorSettings.API,
                OperatorSettings.FLEET,
                WebhookBridgeCommand.SETTINGS,
                OoniBridgeSettings.ALL,
                DemoSettings.ALL);
    }

    static String render() {
        StringBuilder out = new StringBuilder(INTRO);
        for (Settings app : applications()) {
            out.append("\n## ").append(app.application()).append("\n\n").append(SettingsDoc.table(app));
        }
        return out.toString();
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.writeString(file, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + file.toAbsolutePath());
    }

    private static final String INTRO = """
            # Configuration

            <!-- Generated from the settings' declarations by org.vantage.cli.ConfigurationDoc; do not edit by hand.
                 Regenerate: mvn -B -pl cli -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dvantage.docs.write=true -->

            Every setting of every Vantage application is declared once, in code, with its name, environment
            variable, command-line option, type, default, check and one line of help; the tables below are
            generated from those declarations.

            **Which value wins.** For every command: the default, then the configuration file where the
            application has one, then the environment variable, then the command-line option. The files are the
            probe's `--config` (YAML or properties, keyed by the names below) and, for the operators' commands,
            the `stack.json` a running local stack or demo wrote (it gives the Kafka and registry addresses). A
            blank value counts as not set.

            **Durations** are written the same way everywhere: a whole number with a unit, `500ms`, `90s`,
            `5m`, `1h`, `1d` (combined: `1h30m`), or ISO-8601 such as `PT1M`. A number without a unit is an error
            ("add a unit, e.g. 90s"), never a guess. **Sizes**: `1048576`, `512KB`, `256MB`, `1GiB` (powers of 1024).

            **Errors.** Bad settings stop the application before it does anything: every problem is listed at
            once, each naming what set the value (the option, the variable with the setting's name, or the file
            key) and what to write instead, and the exit code is 2. The rules in the "check" column are enforced
            when the value is read; rules between settings (the degraded rate at most the disrupted rate, the
            max age at least the grace, ...) are checked on the whole configuration, also when it is built
            in code (`ProcessorConfig.builder()`).

            **Old names.** Options and variables that were renamed keep working as aliases: `--registry-url` is
            `--schema-registry-url`; `VANTAGE_START_TIMEOUT_SECONDS` and `VANTAGE_STOP_TIMEOUT_SECONDS` are
            `VANTAGE_START_TIMEOUT` and `VANTAGE_STOP_TIMEOUT` (durations now: `90s`).

            **Deprecated settings** are still accepted, so that a deployment that sets them starts, but have no
            effect; each one set is logged as a warning at start. `VANTAGE_EMIT_DELAY` (`detect.emit-delay`) is one:
            a network's window is no longer judged first at the emit delay and revised later, but judged once, when
            the network's clock is `VANTAGE_GRACE` past its end (see [detection.md](detection.md)).

            **One variable, two meanings.** `VANTAGE_REPLICATION_FACTOR` sets the replicas of the stream
            processor's internal topics (default -1: the broker's) and of the topics `vantage stack provision`
            creates (default 1); set it per process, or use the options (`--internal-replication-factor`,
            `--replication-factor`).

            **Secrets** (SASL, TLS, registry credentials) belong in the Kafka client properties file
            (`VANTAGE_KAFKA_CLIENT_PROPERTIES`), not in variables or options, which process listings show; see
            [`reliability/README.md`](../reliability/README.md#security-client-settings).

            **Tuning the detector.** Detection speed is bounded by `sustain-windows x window-size + grace` of
            event time (3 min by default) plus the commit interval. The grace (`VANTAGE_GRACE`, 1 min) is how long
            each window waits for its data before it is judged, once: every minute of grace is a minute of detection
            latency, and data later than the grace no longer changes the window (it is kept as late evidence, which
            corrects the incidents' record instead). Raise it where probes' data often arrives more than a minute
            late (slow uplinks, batching); lower it for faster alerts. Raising `VANTAGE_MIN_PROBES`,
            `VANTAGE_SUSTAIN_WINDOWS` or `VANTAGE_DISRUPTED_FAILURE_RATE` trades speed for resistance to noisy or
            dishonest probes; `VANTAGE_NATIONWIDE_USER_SHARE` decides what "nationwide" means.

            **In code** (tests, the demo, the benchmark), build configurations with the typed builders instead of
            maps of variables: `ProcessorConfig.builder().bootstrapServers(..).set(ProcessorSettings.MAX_AGE,
            Duration.ofDays(30)).build()`; `ProcessorConfig.builder(Sources.processEnvironment())` starts
            from the environment.
            """;
}
