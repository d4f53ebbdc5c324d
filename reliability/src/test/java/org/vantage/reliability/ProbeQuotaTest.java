package org.vantage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.WireFormat;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;
import org.vantage.schema.PhaseTimings;
import org.vantage.topics.VantageTopic;

/**
 * Per-principal produce quotas on a real broker (child JVM, SASL_SSL + SCRAM-SHA-512 +
 * StandardAuthorizer, see {@link SecureBroker}). Every probe is a principal of its own, and the operator sets
 * one default {@code producer_byte_rate} for all {@code User} entities with {@code Admin.alterClientQuotas}.
 * The default applies to each principal separately, so it is the per-probe rate limit.
 *
 * <p>Why {@value #PROBE_QUOTA} B/s (128 KiB/s): a probe with the built-in target list sends 37 measurements of
 * about 0.2 KB (Avro) per minute plus a heartbeat every 30 s, well under 1 KB/s; draining a spool after an outage is
 * the only burst an honest probe makes. 128 KiB/s leaves two orders of magnitude of headroom to honest probes
 * and caps what one stolen or fabricated credential can push into the pipeline.
 *
 * <p>Three honest probe principals send measurements at {@value #HONEST_PER_SECOND}/s each (already about
 * 16 times a default probe, to get a few hundred latency samples per phase) with the probe's own producer
 * settings ({@link PublisherSettings#producerConfig}); their acknowledgement latency is measured in three
 * phases: no flooder, a flooding principal under the default quota, and the same flooding principal with an
 * override that lifts its quota (for contrast). The flooder sends realistic measurement records for one
 * network as fast as the client allows.
 *
 * <p>Asserted: the flooder's accepted byte rate stays within 2x the quota over a {@value #QUOTA_PHASE_S} s
 * window, the broker throttles it (its producer's {@code produce-throttle-time-avg/max} > 0), it goes much
 * faster without the quota (so the quota is what held it), the honest producers are never throttled, and every
 * honest record is acknowledged. Latencies are printed, with only a generous absolute bound asserted.
 */
@Tag("integration")
class ProbeQuotaTest {
    /** Default producer quota of every User principal, bytes per second. */
    static final long PROBE_QUOTA = 128 * 1024;
    /** The flooder's override in the contrast phase: effectively no quota. */
    static final long UNLIMITED = 1024L * 1024 * 1024;

    static final int HONEST_PROBES = 3;
    static final int HONEST_PER_SECOND = 10;
    static final int BASELINE_PHASE_S = 6;
    static final int QUOTA_PHASE_S = 12;
    static final int UNQUOTED_PHASE_S = 5;
    static final String TOPIC = VantageTopic.MEASUREMENTS.topicName();
    /** Any id: no registry runs here and nothing decodes these records; the bytes are the real wire format. */
    static final int SCHEMA_ID = 1;

    enum Phase {
        NONE,
        BASELINE,
        QUOTA,
        UNQUOTED
    }

    @TempDir
    static Path dir;

    static final List<String> figures = new ArrayList<>();

    private volatile Phase phase = Phase.NONE;
    private final Map<Phase, ConcurrentLinkedQueue<Long>> latenciesMicros = new EnumMap<>(Phase.class);
    private final AtomicLong honestSent = new AtomicLong();
    private final AtomicLong honestAcked = new AtomicLong();
    private final ConcurrentLinkedQueue<Exception> honestFailures = new ConcurrentLinkedQueue<>();
    private double setupSeconds;
    private double brokerSeconds;

    @AfterAll
    static void publish() {
        figures.forEach(f -> ReliabilityFigures.line(
                "Per-principal produce quotas (SASL_SSL, " + PROBE_QUOTA / 1024 + " KiB/s default User quota)", f));
        ReliabilityFigures.publish();
    }

    @Test
    void aFloodingProbeIsThrottledAndHonestProbesAreNot() throws Exception {
        for (Phase p : Phase.values()) {
            latenciesMicros.put(p, new ConcurrentLinkedQueue<>());
        }
        Map<String, String> passwords = new HashMap<>();
        List<String> honest = new ArrayList<>();
        for (int i = 1; i <= HONEST_PROBES; i++) {
            honest.add("probe-pk-" + i);
        }
        String flooder = "probe-flooder";
        long testStart = System.nanoTime();
        for (String u : honest) {
            passwords.put(u, "pw-" + UUID.randomUUID());
        }
        passwords.put(flooder, "pw-" + UUID.randomUUID());

        try (SecureBroker broker = SecureBroker.start(dir, Map.of());
                Admin operator = broker.operatorAdmin()) {
            brokerSeconds = (System.nanoTime() - testStart) / 1e9;
            operator.createTopics(List.of(VantageTopic.MEASUREMENTS.newTopic((short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            broker.createUsers(operator, passwords);
            List<AclBinding> acls = new ArrayList<>();
            passwords.keySet().forEach(u -> acls.addAll(SecureBroker.produceAcls(u, TOPIC)));
            broker.grant(operator, acls);
            // the per-probe rate limit: one default for all User principals, each principal metered on its own
            setProducerQuota(operator, null, PROBE_QUOTA);
            // all logins at once (the common pool has one thread on 2 cores)
            ExecutorService loginPool = Executors.newFixedThreadPool(passwords.size());
            try {
                List<CompletableFuture<Void>> logins = new ArrayList<>();
                passwords.forEach((user, password) -> logins.add(CompletableFuture.runAsync(
                        () -> {
                            try {
                                broker.awaitLogin(user, password, TOPIC);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                        },
                        loginPool)));
                CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new))
                        .get(60, TimeUnit.SECONDS);
            } finally {
                loginPool.shutdownNow();
            }

            List<KafkaProducer<String, byte[]>> honestProducers = new ArrayList<>();
            ScheduledExecutorService senders = Executors.newScheduledThreadPool(HONEST_PROBES);
            FloodResult quota;
            FloodResult unquoted;
            try {
                for (int i = 0; i < HONEST_PROBES; i++) {
                    honestProducers.add(honestProducer(broker, honest.get(i), passwords.get(honest.get(i))));
                }
                // warm-up outside any phase: connections, SASL handshakes, producer ids, metadata
                for (int i = 0; i < HONEST_PROBES; i++) {
                    sendHonest(honestProducers.get(i), honest.get(i));
                    honestProducers.get(i).flush();
                }
                setupSeconds = (System.nanoTime() - testStart) / 1e9;
                for (int i = 0; i < HONEST_PROBES; i++) {
                    KafkaProducer<String, byte[]> producer = honestProducers.get(i);
                    String probeId = honest.get(i);
                    senders.scheduleAtFixedRate(
                            () -> sendHonest(producer, probeId),
                            i * 1000L / HONEST_PER_SECOND / HONEST_PROBES,
                            1000L / HONEST_PER_SECOND,
                            TimeUnit.MILLISECONDS);
                }

                phase = Phase.BASELINE;
                Thread.sleep(BASELINE_PHASE_S * 1000L);

                phase = Phase.QUOTA;
                quota = flood(broker, flooder, passwords.get(flooder), QUOTA_PHASE_S);

                phase = Phase.NONE;
                setProducerQuota(operator, flooder, UNLIMITED);
                Thread.sleep(1000);
                phase = Phase.UNQUOTED;
                unquoted = flood(broker, flooder, passwords.get(flooder), UNQUOTED_PHASE_S);
                phase = Phase.NONE;
            } finally {
                senders.shutdown();
                senders.awaitTermination(10, TimeUnit.SECONDS);
            }
            List<double[]> honestThrottle = new ArrayList<>();
            for (KafkaProducer<String, byte[]> p : honestProducers) {
                p.flush();
                honestThrottle.add(
                        new double[] {metric(p, "produce-throttle-time-avg"), metric(p, "produce-throttle-time-max")});
                p.close(Duration.ofSeconds(10));
            }

            report(quota, unquoted, honestThrottle);

            assertThat(honestFailures).as("honest sends that failed").isEmpty();
            assertThat(honestAcked.get())
                    .as("every honest record is acknowledged")
                    .isEqualTo(honestSent.get());
            for (Phase p : List.of(Phase.BASELINE, Phase.QUOTA, Phase.UNQUOTED)) {
                int seconds =
                        p == Phase.BASELINE ? BASELINE_PHASE_S : p == Phase.QUOTA ? QUOTA_PHASE_S : UNQUOTED_PHASE_S;
                assertThat(latenciesMicros.get(p))
                        .as("honest acknowledgements in phase " + p)
                        .hasSizeGreaterThan(seconds * HONEST_PROBES * HONEST_PER_SECOND / 2);
            }
            for (double[] t : honestThrottle) {
                assertThat(t[1])
                        .as("produce-throttle-time-max of an honest probe (ms)")
                        .isEqualTo(0.0);
            }
            assertThat(quota.throttleAvgMs)
                    .as("flooder produce-throttle-time-avg under the quota (ms)")
                    .isGreaterThan(0.0);
            assertThat(quota.throttleMaxMs)
                    .as("flooder produce-throttle-time-max under the quota (ms)")
                    .isGreaterThan(0.0);
            assertThat(quota.ackedBytes).as("the flooder did send").isGreaterThan(PROBE_QUOTA);
            assertThat(quota.ackedRate())
                    .as("flooder's accepted bytes/s under a %d B/s quota", PROBE_QUOTA)
                    .isLessThanOrEqualTo(2.0 * PROBE_QUOTA);
            assertThat(quota.outgoingRate())
                    .as("flooder's bytes/s on the wire under a %d B/s quota", PROBE_QUOTA)
                    .isLessThanOrEqualTo(2.0 * PROBE_QUOTA);
            // the quota, not the machine, is what held the flooder back
            assertThat(unquoted.ackedRate())
                    .as("flooder's accepted bytes/s with its quota lifted")
                    .isGreaterThan(4.0 * PROBE_QUOTA);
            assertThat(unquoted.throttleMaxMs)
                    .as("flooder throttle with its quota lifted")
                    .isEqualTo(0.0);
            // generous: the point is the printed comparison with the baseline, not a tight number
            assertThat(percentileMs(Phase.QUOTA, 0.99))
                    .as("honest p99 ack latency with a quota'd flooder (ms)")
                    .isLessThan(2000.0);
        }
    }

    // ---- phases

    /** What one flooding run achieved. */
    record FloodResult(
            double seconds,
            long ackedBytes,
            long ackedRecords,
            double outgoingBytes,
            double throttleAvgMs,
            double throttleMaxMs) {
        double ackedRate() {
            return ackedBytes / seconds;
        }

        double outgoingRate() {
            return outgoingBytes / seconds;
        }
    }

    /**
     * A fresh producer of {@code user} sends as fast as it can for {@code seconds}; the achieved rate counts the
     * bytes the broker acknowledged within that window (key + value), and the producer's bytes on the wire.
     */
    private FloodResult flood(SecureBroker broker, String user, String password, int seconds) throws Exception {
        Map<String, Object> p = broker.clientSecurity(user, password);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // small buffer: the flooder is blocked by back-pressure, and closing it discards little
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2 * 1024 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "flooder-" + phase);
        List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            pool.add(encode(measurement(user, "flood-" + UUID.randomUUID(), Outcome.TLS_RESET)));
        }
        AtomicLong ackedBytes = new AtomicLong();
        AtomicLong ackedRecords = new AtomicLong();
        KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        Thread sender = new Thread(
                () -> {
                    int i = 0;
                    try {
                        while (System.nanoTime() < end
                                && !Thread.currentThread().isInterrupted()) {
                            producer.send(
                                    new ProducerRecord<>(TOPIC, "PK:17557", pool.get(i++ % pool.size())), (md, e) -> {
                                        if (e == null && System.nanoTime() <= end) {
                                            ackedBytes.addAndGet(md.serializedKeySize() + md.serializedValueSize());
                                            ackedRecords.incrementAndGet();
                                        }
                                    });
                        }
                    } catch (RuntimeException e) {
                        // closed while blocked on a full buffer: the window is over
                    }
                },
                "flooder");
        sender.start();
        long sleepMs = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (sleepMs > 0) {
            Thread.sleep(sleepMs);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        FloodResult r = new FloodResult(
                elapsed,
                ackedBytes.get(),
                ackedRecords.get(),
                metric(producer, "outgoing-byte-total"),
                metric(producer, "produce-throttle-time-avg"),
                metric(producer, "produce-throttle-time-max"));
        producer.close(Duration.ZERO);
        sender.join(30_000);
        return r;
    }

    private KafkaProducer<String, byte[]> honestProducer(SecureBroker broker, String user, String password) {
        // the probe's own producer settings (idempotent, acks=all, lz4, 10 s max block, linger 5 ms)
        PublisherSettings settings = new PublisherSettings("unused", "unused", user, Duration.ofSeconds(10), 500);
        Map<String, Object> p = settings.producerConfig("vantage-probe-" + user, 5);
        p.remove(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        p.putAll(broker.clientSecurity(user, password));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private void sendHonest(KafkaProducer<String, byte[]> producer, String probeId) {
        Phase at = phase;
        byte[] value = encode(measurement(probeId, "m-" + UUID.randomUUID(), Outcome.OK));
        long sent = System.nanoTime();
        honestSent.incrementAndGet();
        try {
            producer.send(new ProducerRecord<>(TOPIC, "PK:17557", value), (md, e) -> {
                if (e != null) {
                    honestFailures.add(e);
                    return;
                }
                honestAcked.incrementAndGet();
                latenciesMicros.get(at).add((System.nanoTime() - sent) / 1000);
            });
        } catch (RuntimeException e) {
            honestFailures.add(e);
        }
    }

    // ---- quotas

    /** Sets {@code producer_byte_rate} of {@code user}, or of the default User entity when {@code user} is null. */
    static void setProducerQuota(Admin admin, String user, long bytesPerSecond) throws Exception {
        Map<String, String> entity = new HashMap<>();
        entity.put(ClientQuotaEntity.USER, user); // null = the default for all users
        ClientQuotaEntity e = new ClientQuotaEntity(entity);
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                        e, List.of(new ClientQuotaAlteration.Op("producer_byte_rate", (double) bytesPerSecond)))))
                .all()
                .get(30, TimeUnit.SECONDS);
        // applied through the metadata log: wait until the broker describes it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Map<String, Double> q = admin.describeClientQuotas(ClientQuotaFilter.all())
                    .entities()
                    .get(30, TimeUnit.SECONDS)
                    .getOrDefault(e, Map.of());
            if (Double.valueOf(bytesPerSecond).equals(q.get("producer_byte_rate"))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("quota of " + e + " not applied: " + q);
            }
            Thread.sleep(100);
        }
    }

    // ---- figures

    private void report(FloodResult quota, FloodResult unquoted, List<double[]> honestThrottle) {
        int size = encode(measurement("probe-pk-1", "m-" + UUID.randomUUID(), Outcome.OK)).length;
        String honestThrottleText = honestThrottle.stream()
                .map(t -> String.format(Locale.ROOT, "%.0f/%.0f", t[0], t[1]))
                .toList()
                .toString();
        StringBuilder table = new StringBuilder("\nProbeQuotaTest (quota " + PROBE_QUOTA + " B/s per principal, "
                + HONEST_PROBES + " honest probes x " + HONEST_PER_SECOND + " records/s, record ~" + size + " B)\n");
        table.append(String.format(
                Locale.ROOT,
                "%-34s %14s %14s %12s %12s%n",
                "phase",
                "accepted B/s",
                "wire B/s",
                "throttle avg",
                "throttle max"));
        table.append(String.format(
                Locale.ROOT,
                "%-34s %14.0f %14.0f %10.0fms %10.0fms%n",
                "flooder, default quota",
                quota.ackedRate(),
                quota.outgoingRate(),
                quota.throttleAvgMs,
                quota.throttleMaxMs));
        table.append(String.format(
                Locale.ROOT,
                "%-34s %14.0f %14.0f %10.0fms %10.0fms%n",
                "flooder, quota lifted",
                unquoted.ackedRate(),
                unquoted.outgoingRate(),
                unquoted.throttleAvgMs,
                unquoted.throttleMaxMs));
        table.append(String.format(
                Locale.ROOT, "%-34s %8s %10s %10s %10s%n", "honest ack latency", "n", "p50 ms", "p99 ms", "max ms"));
        for (Phase p : List.of(Phase.BASELINE, Phase.QUOTA, Phase.UNQUOTED)) {
            table.append(String.format(
                    Locale.ROOT,
                    "%-34s %8d %10.1f %10.1f %10.1f%n",
                    label(p),
                    latenciesMicros.get(p).size(),
                    percentileMs(p, 0.50),
                    percentileMs(p, 0.99),
                    percentileMs(p, 1.0)));
        }
        table.append("honest produce-throttle-time avg/max (ms): ")
                .append(honestThrottleText)
                .append('\n');
        table.append(String.format(
                Locale.ROOT,
                "set-up %.1f s (certificate + broker ready %.1f s; users, ACLs, quota, logins, " + "warm-up %.1f s)%n",
                setupSeconds,
                brokerSeconds,
                setupSeconds - brokerSeconds));
        System.out.println(table);

        figures.add(String.format(
                Locale.ROOT,
                "flooder under the %d KiB/s quota: %.0f B/s accepted (%.2fx quota; %.0f B/s on the wire) "
                        + "over %.1f s, broker throttle avg %.0f ms / max %.0f ms",
                PROBE_QUOTA / 1024,
                quota.ackedRate(),
                quota.ackedRate() / PROBE_QUOTA,
                quota.outgoingRate(),
                quota.seconds,
                quota.throttleAvgMs,
                quota.throttleMaxMs));
        figures.add(String.format(
                Locale.ROOT,
                "same flooder with its quota lifted: %.0f B/s accepted (%.0fx quota) over %.1f s",
                unquoted.ackedRate(),
                unquoted.ackedRate() / PROBE_QUOTA,
                unquoted.seconds));
        figures.add(String.format(
                Locale.ROOT,
                "honest ack latency p50/p99 (ms), %d probes x %d/s: no flooder %.1f/%.1f; "
                        + "quota'd flooder %.1f/%.1f; unquota'd flooder %.1f/%.1f",
                HONEST_PROBES,
                HONEST_PER_SECOND,
                percentileMs(Phase.BASELINE, 0.5),
                percentileMs(Phase.BASELINE, 0.99),
                percentileMs(Phase.QUOTA, 0.5),
                percentileMs(Phase.QUOTA, 0.99),
                percentileMs(Phase.UNQUOTED, 0.5),
                percentileMs(Phase.UNQUOTED, 0.99)));
        figures.add("honest records acknowledged " + honestAcked.get() + " / " + honestSent.get()
                + ", honest produce-throttle-time avg/max (ms) " + honestThrottleText);
    }

    private static String label(Phase p) {
        return switch (p) {
            case BASELINE -> "  no flooder";
            case QUOTA -> "  flooder under the quota";
            case UNQUOTED -> "  flooder with its quota lifted";
            case NONE -> "  (between phases)";
        };
    }

    private double percentileMs(Phase p, double q) {
        List<Long> sorted = new ArrayList<>(latenciesMicros.get(p));
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        sorted.sort(null);
        int index = Math.max(0, (int) Math.ceil(q * sorted.size()) - 1);
        return sorted.get(index) / 1000.0;
    }

    /** A client metric of the {@code producer-metrics} group; NaN when absent. */
    static double metric(KafkaProducer<?, ?> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                Object v = e.getValue().metricValue();
                return v instanceof Number n ? n.doubleValue() : Double.NaN;
            }
        }
        return Double.NaN;
    }

    // ---- records

    static Measurement measurement(String probeId, String id, Outcome outcome) {
        return Measurement.newBuilder()
                .setMeasurementId(id)
                .setProbeId(probeId)
                .setCountry("PK")
                .setAsn(17557)
                .setRegion("Punjab")
                .setCity("Lahore")
                .setNetworkType(NetworkType.FIXED)
                .setPlatform("twitter")
                .setTargetHost("x.com")
                .setTargetUrl("https://x.com/")
                .setEventTime(Instant.now())
                .setOutcome(outcome)
                .setOutcomeDetail(outcome == Outcome.OK ? null : "connection reset during TLS handshake")
                .setResolver("system")
                .setDnsAnswers(List.of("104.244.42.1", "104.244.42.65"))
                .setHttpStatus(outcome == Outcome.OK ? 200 : null)
                .setTimings(PhaseTimings.newBuilder()
                        .setDnsMs(12)
                        .setConnectMs(48)
                        .setTlsMs(95)
                        .setFirstByteMs(180)
                        .setTotalMs(210)
                        .build())
                .setBytesReceived(outcome == Outcome.OK ? 48_213L : null)
                .setClockOffsetMs(3L)
                .setProbeVersion("0.1.0")
                .setSimulated(false)
                .build();
    }

    /** The registry wire format: magic byte, schema id, Avro binary body. */
    static byte[] encode(Measurement m) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            byte[] header = new byte[WireFormat.HEADER_SIZE];
            WireFormat.writeHeader(header, SCHEMA_ID);
            out.write(header);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<>(Measurement.class).write(m, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
