package org.vantage.cli;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vantage.schema.DisruptionAlert;
import org.vantage.webhook.RetrySchedule;
import org.vantage.webhook.WebhookBridge;
import org.vantage.webhook.WebhookBridgeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vantage webhook-bridge}: POST every alert as signed JSON to the configured URLs (docs/alerts-contract.md). */
@Command(name = "webhook-bridge", mixinStandardHelpOptions = true,
        description = {"POST every alert as signed JSON to webhook URLs, with retries and dead letters.",
                "Forward every alert of vantage.alerts.v1 as signed JSON to one or more URLs. At least once: "
                + "an alert is committed after every URL accepted it or, for a URL that kept failing, after a dead "
                + "letter went to vantage.dead-letters.v1; receivers de-duplicate on alert_id. Runs until Ctrl-C and "
                + "resumes where its consumer group stopped.",
                "Signature: X-Vantage-Signature: sha256=<hex HMAC-SHA256(secret, X-Vantage-Timestamp + \".\" + body)>. "
                + "Format and verification: docs/alerts-contract.md."},
        footer = {"", "Example: vantage webhook-bridge --url https://hooks.example.org/vantage --secret \"$VANTAGE_WEBHOOK_SECRET\"",
                "Exit codes: 0 stopped, 1 failure (Kafka, registry, dead-letter topic), 2 usage or configuration error."})
public final class WebhookBridgeCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL",
            description = "Receiver URL (repeatable; default: env VANTAGE_WEBHOOK_URLS, comma-separated).")
    List<String> urls = new ArrayList<>();

    @Option(names = "--secret", paramLabel = "SECRET", defaultValue = "${env:VANTAGE_WEBHOOK_SECRET}",
            description = "HMAC key shared with the receivers, >= " + WebhookBridgeConfig.MIN_SECRET_LENGTH
                    + " characters (default: env VANTAGE_WEBHOOK_SECRET; prefer the variable: arguments are visible in ps).")
    String secret;

    @Option(names = "--group-id", defaultValue = "${env:VANTAGE_WEBHOOK_GROUP_ID:-" + WebhookBridgeConfig.DEFAULT_GROUP_ID + "}",
            description = "Consumer group: where the bridge resumes (default ${DEFAULT-VALUE}; env VANTAGE_WEBHOOK_GROUP_ID).")
    String groupId;

    @Option(names = "--from-beginning", description = "A new consumer group starts at the oldest retained alert (default: new alerts only).")
    boolean fromBeginning;

    @Option(names = "--attempts", defaultValue = "6", paramLabel = "N",
            description = "Attempts per URL before an alert is dead-lettered for it (default ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--backoff", defaultValue = "1s", paramLabel = "DURATION", converter = Durations.class,
            description = "Wait before the second attempt, doubled each time (default ${DEFAULT-VALUE}).")
    Duration backoff;

    @Option(names = "--max-backoff", defaultValue = "30s", paramLabel = "DURATION", converter = Durations.class,
            description = "Longest wait between attempts (default ${DEFAULT-VALUE}).")
    Duration maxBackoff;

    @Option(names = "--request-timeout", defaultValue = "10s", paramLabel = "DURATION", converter = Durations.class,
            description = "Time a receiver has to answer one POST (default ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Mixin
    StackOptions stack;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        WebhookBridgeConfig config = config();
        StackEndpoints endpoints = stack.endpoints();
        WebhookBridge bridge = new WebhookBridge(config, endpoints.clientConfig(Map.of()),
                new WebhookBridge.Listener() {
                    @Override
                    public void delivered(DisruptionAlert alert, URI url, int attempts) {
                        spec.commandLine().getOut().printf("%s  delivered   %-40s %s (%d attempt%s)%n", Instant.now(), alert.getAlertId(), url,
                                attempts, attempts == 1 ? "" : "s");
                    }

                    @Override
                    public void deadLettered(String alertId, URI url, String reason) {
                        spec.commandLine().getOut().printf("%s  DEAD-LETTER %-40s %s: %s%n", Instant.now(), alertId, url == null ? "-" : url,
                                reason);
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
        spec.commandLine().getOut().printf("Forwarding %s to %s (group %s, %d attempts per URL). Ctrl-C to stop.%n",
                org.vantage.topics.VantageTopic.ALERTS.topicName(), config.urls(), config.groupId(), attempts);
        try {
            bridge.run();
        } finally {
            bridge.close();
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    WebhookBridgeConfig config() {
        List<URI> targets = new ArrayList<>();
        try {
            if (urls.isEmpty()) {
                targets.addAll(WebhookBridgeConfig.parseUrls(System.getenv("VANTAGE_WEBHOOK_URLS")));
            } else {
                urls.forEach(u -> targets.addAll(WebhookBridgeConfig.parseUrls(u)));
            }
            RetrySchedule retry = new RetrySchedule(attempts, backoff, 2.0, maxBackoff.compareTo(backoff) < 0 ? backoff : maxBackoff);
            return new WebhookBridgeConfig(targets, secret, groupId, fromBeginning, retry, Duration.ofSeconds(5),
                    requestTimeout);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
