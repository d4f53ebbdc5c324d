package org.vantage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.DetectionService;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.detect.fixture.Fleet;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.probe.publish.SpoolingPublisher;
import org.vantage.probe.spool.Spool;
import org.vantage.probe.spool.SpoolOptions;
import org.vantage.probe.spool.SpoolRecord;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.server.EmbeddedSchemaRegistry;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.Outcome;
import org.vantage.stack.KafkaBrokerProcess;
import org.vantage.stack.KafkaCluster;
import org.vantage.stack.ReferenceNetworks;
import org.vantage.stack.TopicProvisioner;
import org.vantage.topics.VantageTopic;

/**
 * Broker failures under load on a three-node KRaft cluster (child JVMs; every topic with
 * replication factor 3 and {@code min.insync.replicas=2}, the registry's {@code _schemas} included).
 *
 * <p>Six real {@link SpoolingPublisher}s (two probes on each of three networks, crash-safe spools in a temp
 * directory, transactional, acks=all, the probe's default timeouts) submit three live measurements each per
 * second; the stream processor ({@link DetectionService}, exactly_once_v2, in this JVM) consumes them. Under
 * that load:
 * <ol>
 *   <li>A: the broker leading most measurement partitions is killed with SIGKILL; the load goes on with two
 *       brokers; then it is restarted and must rejoin every ISR;</li>
 *   <li>B: another broker is stopped cleanly (SIGTERM) and restarted;</li>
 *   <li>C: two brokers are down at once (the third one stopped cleanly, then the first one killed): the
 *       controller quorum and min.insync.replicas both block every write, so the probes can only spool. Then
 *       one broker comes back (quorum and min ISR are met again), the spools drain, then the other one.</li>
 * </ol>
 * An independent checker then reads {@code vantage.measurements.v1} with read_committed: every measurement
 * the spools acknowledged is there exactly once (nothing lost, nothing duplicated, nothing foreign). From
 * that input it recomputes, per network, platform and 1-minute window, the measurement count, the distinct
 * probes, the probe-weighted failure rate and the number of measurements that enter the outcome counts (at
 * most {@code maxSamplesPerProbe} per probe), and requires the final revision of every window the processor
 * emitted on {@code vantage.network-status.v1} (read_committed) to be equal. Every window whose end the
 * input passed by more than the grace period must have been emitted. No record may be dead-lettered, and the
 * processor must be RUNNING at the end. The processor runs with a grace period of {@link #GRACE} rather than the
 * default minute: a probe's spool drained after an outage of the brokers must still count in its windows (data later
 * than grace is late evidence instead, another path, tested on its own), and the closing round must stay within the
 * future-skew limit.
 */
@Tag("integration")
class BrokerFailureTest {
    static final int NETWORKS = 3;
    static final int PROBES_PER_NETWORK = 2;
    static final Duration TICK = Duration.ofSeconds(1);
    /** The probe's own default (kafka.max-block) and publish batch (kafka.publish-batch). */
    static final Duration MAX_BLOCK = Duration.ofSeconds(10);

    static final int PUBLISH_BATCH = 500;
    /** Longer than an outage of the brokers here, and a closing round stamped this far ahead is within the future skew. */
    static final Duration GRACE = Duration.ofMinutes(3);

    static final Map<String, String> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("twitter", "x.com");
        TARGETS.put("youtube", "www.youtube.com");
        TARGETS.put("control", "www.example.com");
    }

    @TempDir
    static Path dir;

    @AfterAll
    static void publishFigures() {
        ReliabilityFigures.publish();
    }

    /** One probe: its spool, publisher, and what it submitted (spool sequence number to measurement id). */
    record ProbeUnderTest(
            Fleet.Probe probe,
            Spool spool,
            SpoolingPublisher publisher,
            ConcurrentSkipListMap<Long, String> submitted) {
        String id() {
            return probe.id();
        }

        /** Next sequence number to be submitted: the mark a later acknowledgement must reach. */
        long mark() {
            return submitted.isEmpty() ? 1 : submitted.lastKey() + 1;
        }
    }

    /** Per (network, platform, window): what the processor must report. */
    record Aggregate(long measurements, int probes, long failureRatePermille, long counted) {
        @Override
        public String toString() {
            return measurements + " measurements / " + probes + " probes / failure rate " + failureRatePermille / 1000.0
                    + " / " + counted + " in outcomes";
        }
    }

    private final List<ProbeUnderTest> probes = new ArrayList<>();
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private final List<Throwable> loadErrors = new CopyOnWriteArrayList<>();
    private long started;
    private volatile long maxTotalDepth;
    private volatile long maxProbeDepth;
    private volatile KafkaStreams.State lastState;
    private final List<String> stateChanges = new CopyOnWriteArrayList<>();

    @Test
    void everyAcknowledgedMeasurementIsCountedOnceThroughBrokerKillsRestartsAndALostQuorum() throws Exception {
        started = System.nanoTime();
        List<NetworkInfo> networks = ReferenceNetworks.bundled().stream()
                .filter(n -> n.getCountry().equals("PK"))
                .limit(NETWORKS)
                .toList();
        Fleet traffic = Fleet.ofReference(
                networks,
                PROBES_PER_NETWORK,
                Instant.now(),
                "brokers-" + UUID.randomUUID().toString().substring(0, 6),
                11);
        DetectionThresholds thresholds = ProcessorConfig.builder()
                .set(ProcessorSettings.GRACE, GRACE)
                .build()
                .thresholds();
        Map<String, String> figures = new LinkedHashMap<>();

        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "probe-load"));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sampler"));
        KafkaCluster cluster = KafkaBrokerProcess.builder()
                .dataDir(dir.resolve("kafka"))
                .heap("256m")
                .startCluster(3);
        EmbeddedSchemaRegistry registry = null;
        DetectionService service = null;
        Admin admin = null;
        try {
            String bootstrap = cluster.bootstrapServers();
            note("cluster of 3 up");
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    30_000));
            new TopicProvisioner(admin, (short) 3, 2, Duration.ofSeconds(60)).provisionAll();
            assertReplicated(admin);
            registry = EmbeddedSchemaRegistry.builder(bootstrap).start();
            Map<String, Object> clients = new HashMap<>();
            clients.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            clients.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
            ReferenceNetworks.publish(clients, networks, Duration.ofSeconds(30));

            ProcessorConfig.Builder processor = ProcessorConfig.builder();
            processor.bootstrapServers(bootstrap);
            processor.schemaRegistryUrl(registry.url());
            processor.applicationId(
                    "vantage-detect-brokers-" + UUID.randomUUID().toString().substring(0, 8));
            processor.stateDir(dir.resolve("processor-state"));
            processor.httpPort(0);
            processor.set(ProcessorSettings.GRACE, GRACE);
            // the processor starts while the probes start publishing (Streams reads from the earliest offset)
            service = DetectionService.start(processor.build(), "127.0.0.1");

            for (Fleet.Probe p : traffic.probes()) {
                Spool spool = Spool.open(dir.resolve("spool-" + p.id()), SpoolOptions.defaults());
                SpoolingPublisher publisher = new SpoolingPublisher(
                        new PublisherSettings(bootstrap, registry.url(), p.id(), MAX_BLOCK, PUBLISH_BATCH),
                        spool,
                        new ProbeMetrics(new SimpleMeterRegistry()));
                probes.add(new ProbeUnderTest(p, spool, publisher, new ConcurrentSkipListMap<>()));
            }
            Random outcomes = new Random(7);
            load.scheduleAtFixedRate(() -> tick(traffic, outcomes), 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
            DetectionService running = service;
            sampler.scheduleWithFixedDelay(() -> sample(running), 0, 200, TimeUnit.MILLISECONDS);

            // warm-up: every probe publishes, the processor runs
            long t = System.nanoTime();
            figures.put("first delivery", awaitDelivered(marks(), t, Duration.ofSeconds(90)) + " ms");
            MalformedInputTest.awaitRunning(service);
            note("probes delivering, processor RUNNING");
            pause(Duration.ofSeconds(3));

            // A: SIGKILL of the busiest broker, two brokers carry on
            KafkaBrokerProcess a = cluster.node(busiestLeader(admin, Set.of()));
            long[] marks = marks();
            t = System.nanoTime();
            a.kill();
            note("A: SIGKILL node " + a.nodeId());
            figures.put("A: node killed (SIGKILL)", Integer.toString(a.nodeId()));
            figures.put(
                    "A: every probe delivering again after", awaitDelivered(marks, t, Duration.ofSeconds(120)) + " ms");
            pauseUntil(t, Duration.ofSeconds(15));
            t = System.nanoTime();
            a.restart();
            figures.put("A: restart until in every ISR again", awaitInSync(admin, t, Duration.ofSeconds(120)) + " ms");
            note("A: node " + a.nodeId() + " back in sync");

            // B: clean stop of another broker, restart under load
            KafkaBrokerProcess b = cluster.node(busiestLeader(admin, Set.of(a.nodeId())));
            marks = marks();
            t = System.nanoTime();
            // the clean shutdown takes seconds (leadership moves away first): the probes are watched meanwhile
            java.util.concurrent.CompletableFuture<Void> stopping =
                    java.util.concurrent.CompletableFuture.runAsync(b::stop);
            figures.put("B: node stopped (SIGTERM)", Integer.toString(b.nodeId()));
            figures.put(
                    "B: every probe delivering again after", awaitDelivered(marks, t, Duration.ofSeconds(120)) + " ms");
            stopping.get(120, TimeUnit.SECONDS);
            note("B: stopped node " + b.nodeId() + " (SIGTERM) in " + ms(t) + " ms");
            figures.put("B: clean shutdown took", ms(t) + " ms");
            pauseUntil(t, Duration.ofSeconds(8));
            t = System.nanoTime();
            b.restart();
            figures.put("B: restart until in every ISR again", awaitInSync(admin, t, Duration.ofSeconds(120)) + " ms");
            note("B: node " + b.nodeId() + " back in sync");

            // C: two of three down - no controller quorum, no min ISR: every write blocks, the probes spool
            KafkaBrokerProcess c = cluster.nodes().stream()
                    .filter(n -> n != a && n != b)
                    .findFirst()
                    .orElseThrow();
            long depthBefore = totalDepth();
            c.stop();
            a.kill();
            long twoDown = System.nanoTime();
            note("C: stopped node " + c.nodeId() + " and killed node " + a.nodeId() + "; only node " + b.nodeId()
                    + " left");
            pause(Duration.ofSeconds(10));
            long depthDuring = totalDepth();
            figures.put("C: nodes down", c.nodeId() + " (SIGTERM), then " + a.nodeId() + " (SIGKILL)");
            figures.put(
                    "C: spool depth (all probes) before / at the end of the outage", depthBefore + " / " + depthDuring);
            assertThat(depthDuring)
                    .as("the probes spooled while no write could succeed")
                    .isGreaterThan(depthBefore + probes.size() * TARGETS.size() * 5L);
            marks = marks();
            t = System.nanoTime();
            a.restart();
            long quorumBack = ms(t);
            figures.put(
                    "C: two of three down for",
                    ms(twoDown) / 1000 + " s (from the SIGKILL until node " + a.nodeId() + " answered again)");
            note("C: node " + a.nodeId() + " restarted (" + quorumBack + " ms); quorum and min ISR met again");
            long drained = awaitDelivered(marks, t, Duration.ofSeconds(180));
            figures.put(
                    "C: restart of node " + a.nodeId()
                            + " (quorum back) / every spool drained, counted from that restart",
                    quorumBack + " ms / " + drained + " ms");
            note("C: spools drained");
            t = System.nanoTime();
            c.restart();
            figures.put(
                    "C: second node restart until in every ISR again",
                    awaitInSync(admin, t, Duration.ofSeconds(120)) + " ms");
            note("C: node " + c.nodeId() + " back in sync");

            pause(Duration.ofSeconds(3));
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS))
                    .as("load stopped")
                    .isTrue();
            note("load stopped");
            long loadStopped = System.nanoTime();
            for (ProbeUnderTest p : probes) {
                assertThat(p.publisher().awaitDrained(Duration.ofSeconds(120)))
                        .as(p.id() + " drained its spool")
                        .isTrue();
            }
            // Closing round: one control measurement per probe, time-stamped just past the current window's end plus
            // the grace (a window and the grace ahead at most, within the processor's future-skew limit), so that every
            // window holding live data is judged, the one with the last faults included, without waiting for the clock.
            long now = System.currentTimeMillis();
            long closing = windowStart(now, thresholds.windowMs())
                    + thresholds.windowMs()
                    + thresholds.grace().toMillis()
                    + 1_000;
            for (ProbeUnderTest p : probes) {
                Measurement m = traffic.measurement(p.probe(), "control", TARGETS.get("control"), closing, Outcome.OK);
                p.submitted().put(p.publisher().submit(m).seq(), m.getMeasurementId());
                assertThat(p.publisher().awaitDrained(Duration.ofSeconds(60)))
                        .as(p.id() + " delivered its closing round")
                        .isTrue();
            }
            assertThat(loadErrors).as("the probes' submit never failed").isEmpty();

            // the checker, part 1: the input
            Map<String, Long> submittedBy = new TreeMap<>();
            Map<String, String> submittedIds = new HashMap<>();
            Set<String> acknowledged = new TreeSet<>();
            for (ProbeUnderTest p : probes) {
                long ackedThrough = p.spool().ackedThrough();
                p.submitted().forEach((seq, id) -> submittedIds.put(id, p.id()));
                acknowledged.addAll(p.submitted().headMap(ackedThrough, true).values());
                submittedBy.put(p.id(), (long) p.submitted().size());
            }
            List<Measurement> input = readMeasurements(bootstrap, registry.url());
            Map<String, Long> copies =
                    input.stream().collect(Collectors.groupingBy(m -> m.getMeasurementId(), Collectors.counting()));
            long lost =
                    acknowledged.stream().filter(id -> !copies.containsKey(id)).count();
            long duplicated = copies.values().stream().filter(n -> n > 1).count();
            long foreign = copies.keySet().stream()
                    .filter(id -> !submittedIds.containsKey(id))
                    .count();
            long foundOnce = acknowledged.stream()
                    .filter(id -> copies.getOrDefault(id, 0L) == 1)
                    .count();

            // the checker, part 2: per-window aggregates recomputed from that input vs the processor's final revisions
            Map<String, Map<String, Aggregate>> expected = expectedWindows(input, thresholds);
            Set<String> due = dueWindows(input, thresholds);
            Map<String, JsonNode> statuses = new HashMap<>();
            Map<String, Integer> revisionCopies = new HashMap<>();
            List<String> mismatches;
            long windowsMatchedAfter;
            try (KafkaConsumer<String, String> status =
                    consumer(bootstrap, new StringDeserializer(), VantageTopic.NETWORK_STATUS)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                do {
                    status.poll(Duration.ofMillis(500)).forEach(r -> collect(r, statuses, revisionCopies));
                    mismatches = compare(expected, due, statuses);
                } while (!mismatches.isEmpty() && System.nanoTime() < deadline);
                windowsMatchedAfter = ms(loadStopped);
                // a little longer: a later revision that changed a window, or a repeated one, would show up here
                long settle = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                while (System.nanoTime() < settle) {
                    status.poll(Duration.ofMillis(500)).forEach(r -> collect(r, statuses, revisionCopies));
                }
                mismatches = compare(expected, due, statuses);
            }
            long repeatedRevisions =
                    revisionCopies.values().stream().filter(n -> n > 1).count();
            List<ConsumerRecord<String, byte[]>> deadLetters =
                    readAll(bootstrap, new ByteArrayDeserializer(), VantageTopic.DEAD_LETTERS);

            // the processor recovered
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (service.streams().state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            KafkaStreams.State finalState = service.streams().state();
            List<String> threads = service.streams().metadataForLocalThreads().stream()
                    .map(ThreadMetadata::threadName)
                    .toList();

            Set<String> compared = new TreeSet<>(due);
            compared.addAll(statuses.keySet());
            long platformWindows = compared.stream()
                    .mapToLong(w -> expected.getOrDefault(w, Map.of()).size())
                    .sum();
            long windowsNotDue = expected.keySet().stream()
                    .filter(w -> !compared.contains(w))
                    .count();
            long sent = submittedIds.size();
            figures.put(
                    "measurements sent / acknowledged / found once / lost / duplicated / foreign",
                    sent + " / " + acknowledged.size() + " / " + foundOnce + " / " + lost + " / " + duplicated + " / "
                            + foreign);
            figures.put(
                    "windows compared (network x minute) / equal; (network x platform x minute)",
                    compared.size() + " / " + (compared.size() - mismatches.size()) + "; " + platformWindows
                            + " platform windows; not compared: " + windowsNotDue
                            + " window(s) holding only the closing round");
            figures.put("max spool depth (all probes / one probe)", maxTotalDepth + " / " + maxProbeDepth + " records");
            figures.put(
                    "processor",
                    "state changes " + stateChanges + ", final state " + finalState + ", stream threads " + threads
                            + ", windows equal "
                            + windowsMatchedAfter + " ms after the load stopped; dead letters " + deadLetters.size()
                            + "; repeated status revisions " + repeatedRevisions);
            figures.put("test run time", ms(started) / 1000 + " s");
            ReliabilityFigures.faults(3, mismatches.isEmpty() && lost == 0 && duplicated == 0 ? 3 : 0);
            ReliabilityFigures.lost(lost);
            ReliabilityFigures.line(
                    "Broker failures under load (3-node KRaft cluster, RF 3, min.insync.replicas 2, " + probes.size()
                            + " SpoolingPublishers, in-process processor with exactly_once_v2)",
                    figures.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining("; ")));
            System.out.println("broker failure timeline:\n  " + String.join("\n  ", timeline));

            assertThat(acknowledged).as("everything submitted was acknowledged").hasSize((int) sent);
            assertThat(lost).as("acknowledged but not in the topic").isZero();
            assertThat(duplicated)
                    .as("measurement ids in the topic more than once")
                    .isZero();
            assertThat(foreign)
                    .as("records in the topic that no probe submitted")
                    .isZero();
            assertThat(input).hasSize(acknowledged.size());
            assertThat(deadLetters).as("no honest measurement dead-lettered").isEmpty();
            assertThat(mismatches)
                    .as("windows where the processor's final revision differs from the input")
                    .isEmpty();
            Set<String> liveWindows = input.stream()
                    .filter(m -> m.getEventTime().toEpochMilli() < closing)
                    .map(m -> windowKey(
                            m.getCountry() + ":" + m.getAsn(),
                            windowStart(m.getEventTime().toEpochMilli(), thresholds.windowMs())))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(compared)
                    .as("every window with live data compared, the faults' included")
                    .containsAll(liveWindows);
            assertThat(compared).as("some windows compared").hasSizeGreaterThanOrEqualTo(NETWORKS * 2);
            assertThat(repeatedRevisions)
                    .as("a (network, window, revision) emitted twice")
                    .isZero();
            assertThat(finalState)
                    .as("processor state at the end; timeline " + timeline)
                    .isEqualTo(KafkaStreams.State.RUNNING);
        } finally {
            load.shutdownNow();
            sampler.shutdownNow();
            for (ProbeUnderTest p : probes) {
                p.publisher().close();
                p.spool().close();
            }
            if (service != null) {
                service.close();
            }
            if (registry != null) {
                registry.close();
            }
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
            cluster.close();
        }
    }

    /** One second of load: three live measurements per probe, each probe's round spooled with one fsync. */
    private void tick(Fleet traffic, Random outcomes) {
        try {
            for (ProbeUnderTest p : probes) {
                long now = System.currentTimeMillis();
                List<Measurement> round = new ArrayList<>();
                int slot = 0;
                for (Map.Entry<String, String> target : TARGETS.entrySet()) {
                    Outcome outcome = target.getKey().equals("twitter") && outcomes.nextInt(10) < 3
                            ? Outcome.TLS_RESET
                            : Outcome.OK;
                    round.add(
                            traffic.measurement(p.probe(), target.getKey(), target.getValue(), now + slot++, outcome));
                }
                List<SpoolRecord> spooled = p.publisher().submitAll(round);
                for (int i = 0; i < spooled.size(); i++) {
                    p.submitted().put(spooled.get(i).seq(), round.get(i).getMeasurementId());
                }
            }
        } catch (RuntimeException | Error e) {
            loadErrors.add(e);
        }
    }

    private void sample(DetectionService service) {
        long total = 0;
        for (ProbeUnderTest p : probes) {
            long depth = p.spool().depth();
            total += depth;
            maxProbeDepth = Math.max(maxProbeDepth, depth);
        }
        maxTotalDepth = Math.max(maxTotalDepth, total);
        KafkaStreams.State state = service.streams().state();
        if (state != lastState) {
            note("processor " + lastState + " -> " + state);
            if (lastState != null) {
                stateChanges.add(
                        String.format("%s -> %s at +%.1f s", lastState, state, (System.nanoTime() - started) / 1e9));
            }
            lastState = state;
        }
    }

    private long totalDepth() {
        return probes.stream().mapToLong(p -> p.spool().depth()).sum();
    }

    private long[] marks() {
        return probes.stream().mapToLong(ProbeUnderTest::mark).toArray();
    }

    /**
     * Waits until every probe has a record acknowledged that it submitted at or after its mark (and so,
     * spools being in order, everything before too); returns the milliseconds since {@code since}.
     */
    private long awaitDelivered(long[] marks, long since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> behind = new ArrayList<>();
            for (int i = 0; i < probes.size(); i++) {
                if (probes.get(i).spool().ackedThrough() < marks[i]) {
                    behind.add(probes.get(i).id() + " (acked "
                            + probes.get(i).spool().ackedThrough() + " < " + marks[i] + ", depth "
                            + probes.get(i).spool().depth() + ")");
                }
            }
            if (behind.isEmpty()) {
                return ms(since);
            }
            assertThat(System.nanoTime())
                    .as("delivery within " + timeout + "; behind: " + behind + "; timeline " + timeline)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Waits until every partition of every topic (internal ones too) has all its replicas in sync. */
    private long awaitInSync(Admin admin, long since, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lagging = "";
        while (System.nanoTime() < deadline) {
            try {
                Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true))
                        .names()
                        .get(10, TimeUnit.SECONDS);
                lagging = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                        .flatMap(d -> d.partitions().stream()
                                .filter(p -> p.isr().size() < p.replicas().size())
                                .map(p -> d.name() + "-" + p.partition()))
                        .collect(Collectors.joining(", "));
                if (lagging.isEmpty()) {
                    return ms(since);
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                lagging = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("replicas not in sync within " + timeout + ": " + lagging);
    }

    /** Node leading the most measurement partitions, not counting {@code exclude}. */
    private static int busiestLeader(Admin admin, Set<Integer> exclude) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(VantageTopic.MEASUREMENTS.topicName()))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(VantageTopic.MEASUREMENTS.topicName());
        Map<Integer, Long> leaders = d.partitions().stream()
                .map(TopicPartitionInfo::leader)
                .filter(Objects::nonNull)
                .filter(n -> !exclude.contains(n.id()))
                .collect(Collectors.groupingBy(n -> n.id(), TreeMap::new, Collectors.counting()));
        return leaders.entrySet().stream()
                .max(Map.Entry.<Integer, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey)
                .orElseGet(() -> java.util.stream.IntStream.rangeClosed(1, 3)
                        .filter(i -> !exclude.contains(i))
                        .findFirst()
                        .orElseThrow());
    }

    /** Every catalogue topic is replicated 3 times and needs 2 in-sync replicas for acks=all. */
    private static void assertReplicated(Admin admin) throws Exception {
        List<String> names = java.util.Arrays.stream(VantageTopic.values())
                .map(VantageTopic::topicName)
                .toList();
        Map<String, TopicDescription> described =
                admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        var configs = admin.describeConfigs(names.stream()
                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                        .toList())
                .all()
                .get(30, TimeUnit.SECONDS);
        for (String name : names) {
            assertThat(described.get(name).partitions())
                    .as(name)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                            .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
                            .value())
                    .as(name)
                    .isEqualTo("2");
        }
    }

    // ---- the checker ----

    static String windowKey(String network, long windowStart) {
        return network + "@" + Instant.ofEpochMilli(windowStart);
    }

    static long windowStart(long time, long windowMs) {
        return time - Math.floorMod(time, windowMs);
    }

    /** Per window ({@code CC:ASN@start}) and platform, the aggregates recomputed from the input. */
    static Map<String, Map<String, Aggregate>> expectedWindows(List<Measurement> input, DetectionThresholds t) {
        Map<String, Map<String, List<Measurement>>> grouped = new TreeMap<>();
        for (Measurement m : input) {
            String w = windowKey(
                    m.getCountry() + ":" + m.getAsn(),
                    windowStart(m.getEventTime().toEpochMilli(), t.windowMs()));
            grouped.computeIfAbsent(w, k -> new TreeMap<>())
                    .computeIfAbsent(m.getPlatform(), k -> new ArrayList<>())
                    .add(m);
        }
        Map<String, Map<String, Aggregate>> out = new TreeMap<>();
        grouped.forEach((w, platforms) -> platforms.forEach((platform, list) -> {
            // a probe's first maxSamplesPerProbe measurements of a window and platform count, in the order the
            // processor reads them: offset order within the network's partition, which is the order read here
            Map<String, List<Measurement>> byProbe = list.stream()
                    .collect(Collectors.groupingBy(
                            Measurement::getProbeId,
                            TreeMap::new,
                            Collectors.collectingAndThen(
                                    Collectors.toList(),
                                    l -> l.subList(0, Math.min(l.size(), t.maxSamplesPerProbe())))));
            double rate = byProbe.values().stream()
                    .mapToDouble(l -> (double) l.stream()
                                    .filter(m -> m.getOutcome() != Outcome.OK && m.getOutcome() != Outcome.THROTTLED)
                                    .count()
                            / l.size())
                    .average()
                    .orElse(0);
            long counted = byProbe.values().stream().mapToLong(List::size).sum();
            out.computeIfAbsent(w, k -> new TreeMap<>())
                    .put(platform, new Aggregate(counted, byProbe.size(), Math.round(rate * 1000), counted));
        }));
        return out;
    }

    /** Windows the processor must have emitted: the network's input went past their end plus the grace. */
    static Set<String> dueWindows(List<Measurement> input, DetectionThresholds t) {
        Map<String, Long> latest = new HashMap<>();
        input.forEach(m ->
                latest.merge(m.getCountry() + ":" + m.getAsn(), m.getEventTime().toEpochMilli(), Math::max));
        Set<String> due = new TreeSet<>();
        for (Measurement m : input) {
            String network = m.getCountry() + ":" + m.getAsn();
            long start = windowStart(m.getEventTime().toEpochMilli(), t.windowMs());
            if (start + t.windowMs() + t.grace().toMillis() <= latest.get(network)) {
                due.add(windowKey(network, start));
            }
        }
        return due;
    }

    /** Keeps the highest revision of each (network, window); counts each (network, window, revision) seen. */
    static void collect(
            ConsumerRecord<String, String> record, Map<String, JsonNode> statuses, Map<String, Integer> copies) {
        JsonNode s;
        try {
            s = JSON.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new AssertionError("unreadable network status: " + record.value(), e);
        }
        if (s.path("silent").asBoolean() || s.path("platforms").isEmpty()) {
            return; // a silence or end-of-silence notice, not a window summary
        }
        String w = windowKey(
                s.path("country").asText() + ":" + s.path("asn").asLong(),
                s.path("windowStart").asLong());
        copies.merge(w + "#" + s.path("revision").asInt(), 1, Integer::sum);
        JsonNode known = statuses.get(w);
        if (known == null
                || s.path("revision").asInt() >= known.path("revision").asInt()) {
            statuses.put(w, s);
        }
    }

    static Map<String, Aggregate> reported(JsonNode status) {
        Map<String, Aggregate> out = new TreeMap<>();
        for (JsonNode v : status.path("platforms")) {
            long counted = 0;
            for (JsonNode n : v.path("outcomes")) {
                counted += n.asLong();
            }
            out.put(
                    v.path("platform").asText(),
                    new Aggregate(
                            v.path("measurements").asLong(),
                            v.path("probes").asInt(),
                            Math.round(v.path("failureRate").asDouble() * 1000),
                            counted));
        }
        return out;
    }

    /** Every due or emitted window must carry exactly the recomputed aggregates; returns the differences. */
    static List<String> compare(
            Map<String, Map<String, Aggregate>> expected, Set<String> due, Map<String, JsonNode> statuses) {
        Set<String> windows = new TreeSet<>(due);
        windows.addAll(statuses.keySet());
        List<String> out = new ArrayList<>();
        for (String w : windows) {
            Map<String, Aggregate> want = expected.getOrDefault(w, Map.of());
            JsonNode status = statuses.get(w);
            if (status == null) {
                out.add(w + ": not emitted, expected " + want);
                continue;
            }
            Map<String, Aggregate> got = reported(status);
            if (!got.equals(want)) {
                out.add(w + " (revision " + status.path("revision").asInt() + "): got " + got + ", expected " + want);
            }
        }
        return out;
    }

    static final ObjectMapper JSON = new ObjectMapper();

    static List<Measurement> readMeasurements(String bootstrap, String registryUrl) {
        AvroDeserializer<Measurement> values = new AvroDeserializer<>(Measurement.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        return readAll(bootstrap, values, VantageTopic.MEASUREMENTS).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    static <V> KafkaConsumer<String, V> consumer(String bootstrap, Deserializer<V> values, VantageTopic topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, V> c = new KafkaConsumer<>(p, new StringDeserializer(), values);
        List<TopicPartition> partitions = c.partitionsFor(topic.topicName(), Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition()))
                .toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return c;
    }

    /** Everything committed in the topic: reads until the position reaches the last stable offset of each partition. */
    static <V> List<ConsumerRecord<String, V>> readAll(String bootstrap, Deserializer<V> values, VantageTopic topic) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = consumer(bootstrap, values, topic)) {
            Map<TopicPartition, Long> end = c.endOffsets(c.assignment(), Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream()
                    .anyMatch(e -> c.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue())) {
                assertThat(System.nanoTime())
                        .as("reading " + topic.topicName() + " to its end")
                        .isLessThan(deadline);
                c.poll(Duration.ofMillis(300)).forEach(out::add);
            }
        }
        return out;
    }

    // ---- timing ----

    private void note(String event) {
        timeline.add(String.format("+%5.1f s %s", (System.nanoTime() - started) / 1e9, event));
    }

    static long ms(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
    }

    static void pause(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    static void pauseUntil(long sinceNanos, Duration atLeast) throws InterruptedException {
        long left = atLeast.toMillis() - ms(sinceNanos);
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
