package org.vantage.cli;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vantage.config.Check;
import org.vantage.config.CommandLineSettings;
import org.vantage.config.Resolved;
import org.vantage.config.Setting;
import org.vantage.config.SettingType;
import org.vantage.config.Settings;
import org.vantage.config.SettingsException;
import org.vantage.schema.DisruptionAlert;
import org.vantage.webhook.RetrySchedule;
import org.vantage.webhook.WebhookBridge;
import org.vantage.webhook.WebhookBridgeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vantage webhook-bridge}: POST every alert as signed JSON to the configured URLs (docs/alerts-contract.md). */
@Command(
        name = "webhook-bridge",
        mixinStandardHelpOptions = true,
        modelTransformer = WebhookBridgeCommand.SettingOptions.class,
        description = {
            "POST every alert as signed JSON to webhook URLs, with retries and dead letters.",
            "Forward every alert of vantage.alerts.v1 as signed JSON to one or more URLs. At least once: "
                    + "an alert is committed after every URL accepted it or, for a URL that kept failing, after a dead "
                    + "letter went to vantage.dead-letters.v1; receivers de-duplicate on alert_id. Runs until Ctrl-C and "
                    + "resumes where its consumer group stopped.",
            "Signature: X-Vantage-Signature: sha256=<hex HMAC-SHA256(secret, X-Vantage-Timestamp + \".\" + body)>. "
                    + "Format and verification: docs/alerts-contract.md."
        },
        footer = {
            "",
            "Example: vantage webhook-bridge --url https://hooks.example.org/vantage --secret \"$VANTAGE_WEBHOOK_SECRET\"",
            "Exit codes: 0 stopped, 1 failure (Kafka, registry, dead-letter topic), 2 usage or configuration error."
        })
public final class WebhookBridgeCommand implements Callable<Integer> {

    @Option(
            names = "--from-beginning",
            description = "A new consumer group starts at the oldest retained alert (default: new alerts only).")
    boolean fromBeginning;

    @Mixin
    StackOptions stack;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        WebhookBridgeConfig config = config();
        StackEndpoints endpoints = stack.endpoints();
        WebhookBridge bridge =
                new WebhookBridge(config, endpoints.clientConfig(Map.of()), new WebhookBridge.Listener() {
                    @Override
                    public void delivered(DisruptionAlert alert, URI url, int attempts) {
                        spec.commandLine()
                                .getOut()
                                .printf(
                                        "%s  delivered   %-40s %s (%d attempt%s)%n",
                                        Instant.now(), alert.getAlertId(), url, attempts, attempts == 1 ? "" : "s");
                    }

                    @Override
                    public void deadLettered(String alertId, URI url, String reason) {
                        spec.commandLine()
                                .getOut()
                                .printf(
                                        "%s  DEAD-LETTER %-40s %s: %s%n",
                                        Instant.now(), alertId, url == null ? "-" : url, reason);
                    }
                });
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            bridge.stop();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine()
                .getOut()
                .printf(
                        "Forwarding %s to %s (group %s, %d attempts per URL). Ctrl-C to stop.%n",
                        org.vantage.topics.VantageTopic.ALERTS.topicName(),
                        config.urls(),
                        config.groupId(),
                        config.retry().maxAttempts());
        try {
            bridge.run();
        } finally {
            bridge.close();
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    WebhookBridgeConfig config() {
        try {
            Resolved r = CommandLineSettings.resolve(spec, SETTINGS);
            List<URI> targets = new ArrayList<>();
            r.get(URLS).forEach(u -> targets.addAll(WebhookBridgeConfig.parseUrls(u)));
            Duration backoff = r.get(BACKOFF);
            Duration maxBackoff = r.get(MAX_BACKOFF);
            RetrySchedule retry = new RetrySchedule(
                    r.get(ATTEMPTS), backoff, 2.0, maxBackoff.compareTo(backoff) < 0 ? backoff : maxBackoff);
            return new WebhookBridgeConfig(
                    targets,
                    r.get(SECRET),
                    r.get(GROUP_ID),
                    fromBeginning,
                    retry,
                    Duration.ofSeconds(5),
                    r.get(REQUEST_TIMEOUT));
        } catch (IllegalArgumentException | SettingsException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    static final Setting<List<String>> URLS = Setting.of("webhook.urls", SettingType.LIST)
            .env("VANTAGE_WEBHOOK_URLS")
            .option("--url")
            .defaultValue(List.of())
            .defaultText("none")
            .check(Check.enforcedBy("at least one absolute http(s) URL"))
            .help("receiver URLs (repeatable option; the variable comma-separated)")
            .build();
    static final Setting<String> SECRET = Setting.of("webhook.secret", SettingType.STRING)
            .env("VANTAGE_WEBHOOK_SECRET")
            .option("--secret")
            .check(Check.enforcedBy(">= " + WebhookBridgeConfig.MIN_SECRET_LENGTH + " characters"))
            .help("HMAC key shared with the receivers (prefer the variable: arguments are visible in ps)")
            .build();
    static final Setting<String> GROUP_ID = Setting.of("webhook.group-id", SettingType.STRING)
            .env("VANTAGE_WEBHOOK_GROUP_ID")
            .option("--group-id")
            .defaultValue(WebhookBridgeConfig.DEFAULT_GROUP_ID)
            .help("consumer group: where the bridge resumes")
            .build();
    static final Setting<Integer> ATTEMPTS = Setting.of("webhook.attempts", SettingType.INT)
            .option("--attempts")
            .defaultValue(6)
            .check(Check.atLeast(1))
            .help("attempts per URL before an alert is dead-lettered for it")
            .build();
    static final Setting<Duration> BACKOFF = Setting.of("webhook.backoff", SettingType.DURATION)
            .option("--backoff")
            .defaultValue(Duration.ofSeconds(1))
            .check(Check.positive())
            .help("wait before the second attempt, doubled each time")
            .build();
    static final Setting<Duration> MAX_BACKOFF = Setting.of("webhook.max-backoff", SettingType.DURATION)
            .option("--max-backoff")
            .defaultValue(Duration.ofSeconds(30))
            .check(Check.positive())
            .help("longest wait between attempts")
            .build();
    static final Setting<Duration> REQUEST_TIMEOUT = Setting.of("webhook.request-timeout", SettingType.DURATION)
            .option("--request-timeout")
            .defaultValue(Duration.ofSeconds(10))
            .check(Check.positive())
            .help("time a receiver has to answer one POST")
            .build();

    static final Settings SETTINGS = Settings.of(
            "webhook bridge (vantage webhook-bridge)",
            URLS,
            SECRET,
            GROUP_ID,
            ATTEMPTS,
            BACKOFF,
            MAX_BACKOFF,
            REQUEST_TIMEOUT);

    /** Adds the options of {@link #SETTINGS}. */
    static final class SettingOptions implements picocli.CommandLine.IModelTransformer {
        @Override
        public picocli.CommandLine.Model.CommandSpec transform(picocli.CommandLine.Model.CommandSpec command) {
            // picocli keeps one model transformer per command: this one adds the mixin's options too
            return CommandLineSettings.addOptions(
                    CommandLineSettings.addOptions(command, SETTINGS), OperatorSettings.STACK);
        }
    }
}
