package org.vantage.probe.publish;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.topics.NetworkKey;
import org.vantage.topics.VantageTopic;

/**
 * Sends heartbeats to {@link VantageTopic#HEARTBEATS}, key {@code CC:ASN} like measurements. Heartbeats are
 * not spooled: a heartbeat says "alive now", so an old one delivered late would only blur the silence the
 * stream processor looks for. A heartbeat that cannot be delivered is counted and forgotten.
 */
public final class HeartbeatPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);

    private final KafkaProducer<String, ProbeHeartbeat> producer;
    private final ProbeMetrics metrics;

    public HeartbeatPublisher(PublisherSettings settings, ProbeMetrics metrics) {
        this.metrics = metrics;
        Map<String, Object> p = settings.producerConfig("vantage-heartbeat-" + settings.publisherId(), 20);
        SigningSerializer<ProbeHeartbeat> serializer = new SigningSerializer<>(
                new AvroSerializer<>(),
                settings.signer(),
                ProbeHeartbeat::getProbeId,
                h -> h.getCountry() + ":" + h.getAsn());
        serializer.configure(p, false);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), serializer);
    }

    /** Sends asynchronously; failures are counted and logged, never thrown. */
    public void send(ProbeHeartbeat hb) {
        String key = new NetworkKey(hb.getCountry(), hb.getAsn()).toString();
        try {
            // timestamp: publish time, like measurements (the event time is in the value)
            producer.send(new ProducerRecord<>(VantageTopic.HEARTBEATS.topicName(), null, null, key, hb), (md, e) -> {
                metrics.heartbeat(e == null);
                if (e != null) {
                    log.debug("event=heartbeat_failed probe={} error={}", hb.getProbeId(), e.toString());
                }
            });
        } catch (RuntimeException e) {
            metrics.heartbeat(false);
            log.warn("event=heartbeat_failed probe={} error=\"{}\"", hb.getProbeId(), e.getMessage());
        }
    }

    public void flush() {
        producer.flush();
    }

    /**
     * Closes the producer even when the calling thread was interrupted (how a simulation or the demo is
     * stopped): an interrupted close would throw and leave the producer's I/O thread behind.
     */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            producer.close(Duration.ofSeconds(2));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
