package org.vantage.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vantage.probe.simulate.MeasurementSynthesizer;
import org.vantage.probe.simulate.Scenario;
import org.vantage.probe.simulate.SimulatedProbe;
import org.vantage.schema.Measurement;
import org.vantage.topics.VantageTopic;

/**
 * Healthy measurements of the benchmark fleet at a fixed rate with event time = now (the detection rejects
 * event times minutes in the future, so a paced simulator whose scenario clock runs ahead cannot be used
 * here). Probes and targets are visited round robin; pacing is checked every few milliseconds.
 */
final class BackgroundLoad implements AutoCloseable {
    private final KafkaProducer<String, Measurement> producer;
    private final double rate;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile long startNanos;

    private final FleetShape shape;

    /** Healthy measurements of the fleet of {@code shape} at {@code rate} per second, once started. */
    BackgroundLoad(String bootstrap, String registryUrl, FleetShape shape, double rate) {
        this.shape = shape;
        this.producer = new KafkaProducer<>(
                KafkaLoadSink.producerConfig(bootstrap, registryUrl),
                new StringSerializer(),
                KafkaLoadSink.serializer(registryUrl));
        this.rate = rate;
        this.thread = new Thread(this::loop, "background-load");
        this.thread.setDaemon(true);
    }

    void start() {
        startNanos = System.nanoTime();
        thread.start();
    }

    private void loop() {
        Scenario healthy = BenchFleet.healthy(shape, Instant.now());
        List<SimulatedProbe> probes = SimulatedProbe.fleet(healthy);
        List<String[]> targets = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : healthy.platforms().entrySet()) {
            for (String host : e.getValue()) {
                targets.add(new String[] {e.getKey(), host});
            }
        }
        MeasurementSynthesizer synth = new MeasurementSynthesizer(healthy);
        Random rnd = new Random(7);
        int pi = 0;
        int ti = 0;
        try {
            while (running) {
                long due = (long) ((System.nanoTime() - startNanos) / 1e9 * rate);
                while (sent.get() < due && running) {
                    SimulatedProbe p = probes.get(pi);
                    String[] t = targets.get(ti);
                    Measurement m = synth.measure(p, t[0], t[1], Instant.now(), rnd);
                    producer.send(
                            new ProducerRecord<>(
                                    VantageTopic.MEASUREMENTS.topicName(),
                                    null,
                                    m.getEventTime().toEpochMilli(),
                                    p.country() + ":" + p.asn(),
                                    m),
                            (md, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                    sent.incrementAndGet();
                    if (++ti == targets.size()) {
                        ti = 0;
                        pi = (pi + 1) % probes.size();
                    }
                }
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    long sent() {
        return sent.get();
    }

    /** Measurements per second actually produced since start (NaN before it started). */
    double achievedRate() {
        if (startNanos == 0) {
            return Double.NaN;
        }
        return sent.get() / ((System.nanoTime() - startNanos) / 1e9);
    }

    Exception failure() {
        return failure.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
