package org.vantage.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.schema.DisruptionAlert;
import org.vantage.topics.VantageTopic;
import org.vantage.webhook.AlertJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vantage alerts tail}: follow the alerts topic, readable or as JSON lines, with filters. */
@Command(
        name = "alerts",
        description = "Read the alerts topic.",
        mixinStandardHelpOptions = true,
        subcommands = AlertsCommand.Tail.class)
public class AlertsCommand {

    /** Consumer groups of {@code alerts tail} start with this (one new group per run): the prefix to grant READ on. */
    public static final String GROUP_PREFIX = "vantage-cli-";

    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description = "Follow incident state changes on " + "vantage.alerts.v1" + " (Ctrl-C to stop).")
    static class Tail implements Callable<Integer> {

        @Mixin
        StackOptions stack;

        @Option(
                names = {"-c", "--country"},
                description = "Only this country (ISO code), e.g. PK.")
        String country;

        @Option(names = "--classification", description = "Only this classification, e.g. PLATFORM_RESTRICTION.")
        String classification;

        @Option(
                names = "--json",
                description = "One JSON object per line (the webhook format, docs/alerts-contract.md) instead of text.")
        boolean json;

        @Option(names = "--from-beginning", description = "Start from the oldest retained alert, not only new ones.")
        boolean fromBeginning;

        @Option(names = "--max", defaultValue = "0", description = "Stop after this many alerts (0 = follow forever).")
        int max;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            StackEndpoints endpoints = stack.endpoints();
            AlertFilter filter = new AlertFilter(country, classification);
            try (KafkaConsumer<String, DisruptionAlert> consumer = alertConsumer(endpoints, fromBeginning)) {
                Thread main = Thread.currentThread();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    consumer.wakeup();
                    try {
                        main.join(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                consumer.subscribe(List.of(VantageTopic.ALERTS.topicName()));
                int shown = 0;
                while (max == 0 || shown < max) {
                    for (ConsumerRecord<String, DisruptionAlert> rec : consumer.poll(Duration.ofMillis(500))) {
                        if (rec.value() == null || !filter.test(rec.value())) {
                            continue;
                        }
                        out.println(
                                json ? AlertJson.toTree(rec.value()).toString() : AlertFormatter.detailed(rec.value()));
                        out.flush();
                        if (max != 0 && ++shown >= max) {
                            break;
                        }
                    }
                }
            } catch (WakeupException stopping) {
                // Ctrl-C
            }
            return 0;
        }
    }

    /** A consumer of the alerts topic reading committed records only (the processor writes transactionally). */
    static KafkaConsumer<String, DisruptionAlert> alertConsumer(StackEndpoints endpoints, boolean fromBeginning) {
        Map<String, Object> own = new HashMap<>();
        own.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_PREFIX + UUID.randomUUID());
        own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        own.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        own.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> config = endpoints.clientConfig(own);
        AvroDeserializer<DisruptionAlert> values = new AvroDeserializer<>(DisruptionAlert.class);
        values.configure(config, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }
}
