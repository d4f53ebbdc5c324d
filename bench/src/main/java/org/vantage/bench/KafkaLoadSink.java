package org.vantage.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vantage.probe.publish.RecordSigner;
import org.vantage.probe.publish.SigningSerializer;
import org.vantage.probe.simulate.SimulationSink;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.topics.NetworkKey;
import org.vantage.topics.VantageTopic;

/**
 * Bulk-loading sink for the fleet simulator: a plain idempotent producer with the project's Avro serializer
 * (no spool, no transactions: the load is setup, not the thing measured), keyed {@code CC:ASN}, record
 * timestamp = event time. Accepts exactly {@code limit} measurements, then asks the simulator to stop.
 */
final class KafkaLoadSink implements SimulationSink {
    private final KafkaProducer<String, Measurement> measurements;
    private final KafkaProducer<String, ProbeHeartbeat> heartbeats;
    private final long limit;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback onAck;
    private Runnable stop = () -> {};

    /** {@code signer}: the enrolled probes' keys; their records are signed as their publishers sign them. */
    KafkaLoadSink(String bootstrap, String registryUrl, long limit, RecordSigner signer) {
        this.limit = limit;
        this.measurements = new KafkaProducer<>(
                producerConfig(bootstrap, registryUrl),
                new StringSerializer(),
                new SigningSerializer<>(
                        serializer(registryUrl),
                        signer,
                        Measurement::getProbeId,
                        m -> m.getCountry() + ":" + m.getAsn()));
        this.heartbeats = new KafkaProducer<>(
                producerConfig(bootstrap, registryUrl),
                new StringSerializer(),
                new SigningSerializer<>(
                        KafkaLoadSink.<ProbeHeartbeat>serializer(registryUrl),
                        signer,
                        ProbeHeartbeat::getProbeId,
                        h -> h.getCountry() + ":" + h.getAsn()));
        this.onAck = (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                acked.incrementAndGet();
            }
        };
    }

    static Map<String, Object> producerConfig(String bootstrap, String registryUrl) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"); // as the probe's publisher
        p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        return p;
    }

    static <T extends org.apache.avro.specific.SpecificRecord> AvroSerializer<T> serializer(String registryUrl) {
        AvroSerializer<T> s = new AvroSerializer<>();
        s.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        return s;
    }

    void onLimit(Runnable stop) {
        this.stop = stop;
    }

    @Override
    public void measurements(List<Measurement> batch) {
        throwIfFailed();
        for (Measurement m : batch) {
            if (sent.get() >= limit) {
                stop.run();
                return;
            }
            measurements.send(
                    new ProducerRecord<>(
                            VantageTopic.MEASUREMENTS.topicName(),
                            null,
                            m.getEventTime().toEpochMilli(),
                            new NetworkKey(m.getCountry(), m.getAsn()).toString(),
                            m),
                    onAck);
            sent.incrementAndGet();
        }
        if (sent.get() >= limit) {
            stop.run();
        }
    }

    @Override
    public void heartbeat(ProbeHeartbeat h) {
        if (sent.get() >= limit) {
            return;
        }
        heartbeats.send(new ProducerRecord<>(
                VantageTopic.HEARTBEATS.topicName(),
                null,
                h.getEventTime().toEpochMilli(),
                new NetworkKey(h.getCountry(), h.getAsn()).toString(),
                h));
        heartbeatsSent.incrementAndGet();
    }

    long sent() {
        return sent.get();
    }

    long heartbeatsSent() {
        return heartbeatsSent.get();
    }

    @Override
    public long delivered() {
        return acked.get();
    }

    @Override
    public long pending() {
        return sent.get() - acked.get();
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("loading measurements failed: " + e, e);
        }
    }

    @Override
    public void close() {
        measurements.flush();
        heartbeats.flush();
        measurements.close();
        heartbeats.close();
        throwIfFailed();
    }
}
