package org.vantage.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.detect.validate.DeadLetter;
import org.vantage.registry.SchemaRegistryException;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.schema.DisruptionAlert;
import org.vantage.topics.VantageTopic;

/**
 * Forwards every record of {@code vantage.alerts.v1} to the configured webhook URLs as signed JSON
 * ({@link AlertJson}, {@link WebhookSignature}).
 *
 * <p>Delivery is at least once: an alert's offset is committed only after every URL accepted it or, for a
 * URL that kept failing, after a dead-letter record (the original Avro bytes, the reason and the URL in
 * headers) was acknowledged by {@code vantage.dead-letters.v1}. A crash in between repeats the alert on
 * restart, so receivers de-duplicate on {@code alert_id}. Alerts are handled one at a time, so each URL
 * sees an incident's changes in order. Records of aborted transactions are never read (read_committed).
 */
public final class WebhookBridge implements AutoCloseable {

    /** Header of a webhook dead letter naming the URL that kept failing. */
    public static final String TARGET_URL_HEADER = "vantage.dlq.target-url";

    public static final String REASON_WEBHOOK_FAILED = "WEBHOOK_DELIVERY_FAILED";
    public static final String REASON_UNDECODABLE = "UNDECODABLE_ALERT";

    private static final Logger log = LoggerFactory.getLogger(WebhookBridge.class);

    /** What happened to each alert, for the command's output (and tests). */
    public interface Listener {
        void delivered(DisruptionAlert alert, URI url, int attempts);

        void deadLettered(String alertId, URI url, String reason);
    }

    private final WebhookBridgeConfig config;
    private final WebhookSender sender;
    private final Listener listener;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private final AvroDeserializer<DisruptionAlert> decoder;
    private final ExecutorService pool;
    private final AtomicBoolean running = new AtomicBoolean(true);

    /**
     * @param clientConfig {@code bootstrap.servers}, {@code schema.registry.url} and any other client or
     *                     registry setting (security), for the consumer, the dead-letter producer and the decoder
     */
    public WebhookBridge(WebhookBridgeConfig config, Map<String, ?> clientConfig, Listener listener) {
        this.config = config;
        this.listener = listener;
        this.sender = new WebhookSender(
                new WebhookSignature(config.secret()),
                config.retry(),
                config.connectTimeout(),
                config.requestTimeout(),
                Clock.systemUTC());
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.fromBeginning() ? "earliest" : "latest");
        // one alert per poll: it may take the whole retry schedule, which the poll interval must allow
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(
                Integer.MAX_VALUE, config.worstCaseDelivery().plusMinutes(1).toMillis()));
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-dlq");
        this.deadLetters = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.decoder = new AvroDeserializer<>(DisruptionAlert.class);
        decoder.configure(clientConfig, false);
        this.pool = Executors.newFixedThreadPool(config.urls().size(), r -> {
            Thread t = new Thread(r, "webhook-delivery");
            t.setDaemon(true);
            return t;
        });
    }

    /** Consumes and forwards until {@link #stop()}; an unrecoverable error is thrown. */
    public void run() throws InterruptedException {
        String topic = VantageTopic.ALERTS.topicName();
        consumer.subscribe(List.of(topic));
        log.info("event=webhook_bridge_started group={} urls={}", config.groupId(), config.urls());
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
                    forward(rec);
                    consumer.commitSync(Map.of(
                            new TopicPartition(rec.topic(), rec.partition()), new OffsetAndMetadata(rec.offset() + 1)));
                }
            }
        } catch (WakeupException stopping) {
            if (running.get()) {
                throw stopping;
            }
        }
    }

    /** Asks {@link #run()} to return; an alert being delivered is not committed and comes again on restart. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    private void forward(ConsumerRecord<String, byte[]> rec) throws InterruptedException {
        if (rec.value() == null) {
            return;
        }
        DisruptionAlert alert;
        try {
            alert = decoder.deserialize(rec.topic(), rec.value());
        } catch (SerializationException e) {
            if (registryUnavailable(e)) {
                // not the record's fault: stop uncommitted and let the operator restart once the registry is back
                throw new IllegalStateException("cannot decode alerts: " + e.getMessage(), e);
            }
            deadLetter(
                    rec,
                    REASON_UNDECODABLE,
                    "cannot decode alert at " + rec.topic() + "-" + rec.partition() + "@" + rec.offset() + ": "
                            + e.getMessage(),
                    null);
            listener.deadLettered(rec.key(), null, e.getMessage());
            return;
        }
        byte[] body = AlertJson.toBytes(alert);
        List<Future<WebhookSender.Result>> results = new ArrayList<>();
        for (URI url : config.urls()) {
            results.add(pool.submit(() ->
                    sender.deliver(url, alert.getAlertId(), alert.getStatus().name(), body)));
        }
        for (int i = 0; i < results.size(); i++) {
            URI url = config.urls().get(i);
            WebhookSender.Result r;
            try {
                r = results.get(i).get();
            } catch (InterruptedException e) {
                results.forEach(f -> f.cancel(true));
                throw e;
            } catch (ExecutionException e) {
                r = new WebhookSender.Result(false, 0, "delivery crashed: " + e.getCause());
            }
            if (r.delivered()) {
                log.debug(
                        "event=webhook_delivered url={} alert_id={} attempts={}",
                        url,
                        alert.getAlertId(),
                        r.attempts());
                listener.delivered(alert, url, r.attempts());
            } else {
                String reason = "webhook " + url + " failed: " + r.detail();
                log.warn(
                        "event=webhook_dead_lettered url={} alert_id={} reason=\"{}\"",
                        url,
                        alert.getAlertId(),
                        r.detail());
                deadLetter(rec, REASON_WEBHOOK_FAILED, reason, url);
                listener.deadLettered(alert.getAlertId(), url, r.detail());
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> rec, String code, String reason, URI url)
            throws InterruptedException {
        Headers h = new RecordHeaders(rec.headers().toArray());
        h.add(VantageTopic.DLQ_REASON_HEADER, utf8(code + ": " + reason));
        h.add(DeadLetter.REASON_CODE_HEADER, utf8(code));
        h.add(DeadLetter.TOPIC_HEADER, utf8(rec.topic()));
        h.add(DeadLetter.PARTITION_HEADER, utf8(Integer.toString(rec.partition())));
        h.add(DeadLetter.OFFSET_HEADER, utf8(Long.toString(rec.offset())));
        if (url != null) {
            h.add(TARGET_URL_HEADER, utf8(url.toString()));
        }
        byte[] key = rec.key() == null ? null : utf8(rec.key());
        try {
            // acknowledged before the alert's offset is committed: a dead letter is never lost
            deadLetters
                    .send(new ProducerRecord<>(VantageTopic.DEAD_LETTERS.topicName(), null, key, rec.value(), h))
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot write dead letter to " + VantageTopic.DEAD_LETTERS.topicName() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static boolean registryUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException sre) {
                return !sre.isNotFound();
            }
        }
        return false;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            consumer.close(Duration.ofSeconds(5));
        } finally {
            try {
                deadLetters.close(Duration.ofSeconds(5));
            } finally {
                decoder.close();
            }
        }
    }
}
