package org.vantage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.config.Sources;
import org.vantage.detect.VantageTopology;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.fixture.AlertSequences;
import org.vantage.detect.fixture.Fleet;
import org.vantage.detect.fixture.ReplayOrder;
import org.vantage.detect.fixture.ReplaySummary;
import org.vantage.detect.fixture.ScenarioReplay;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkInfo;
import org.vantage.stack.LocalStack;
import org.vantage.stack.TopicProvisioner;
import org.vantage.topics.VantageTopic;

/**
 * Reproducible alerts on a real broker: the measurements and heartbeats of four shipped scenarios (a platform's global
 * outage, the Pakistan evening, a network outage and throttling, one after the other on one timeline) are published to
 * a fresh set of topics, run after run, and the stream processor (child JVMs of the production entry point, exactly
 * once) reads them (a) in event-time order, (b) with the partitions lagging behind each other and the records shuffled
 * within the grace period, (c) at two more processing speeds (an unpaced backlog with the default commit interval, and
 * a throttled consumer), (d) with a second instance joining a third of the way, (e) killed with SIGKILL half way and
 * restarted on its state. Every run's alerts, read with read_committed, must be those of run (a), incident by incident,
 * field by field but {@code emitted_at}.
 *
 * <p>The scenarios keep their dates but the global outage, moved 60 days earlier so that the timeline is in order and
 * Pakistan's networks only join (none stops reporting half way, which would make the country stage wait for it on
 * the wall clock). The event times are those of the scenarios (2024), so {@code VANTAGE_MAX_AGE} is raised; such a
 * replay is not live data, so probe silence is never evidence in these runs (the network outage, which is probes
 * falling silent, raises nothing here; the driver test covers it live). The country stage's wall-clock waits are
 * shortened alike in every run ({@link #WAITS}) so that the six runs take about four minutes.
 */
@Tag("integration")
class ReproducibleAlertsOnBrokerTest {
    /** Wall time per event minute of a paced run. */
    static final Duration PACE = Duration.ofMillis(40);
    /**
     * The country stage's wall-clock waits, shortened from their defaults (20 s and 15 s) for every run alike so that a
     * run takes seconds: it assesses nothing for {@code VANTAGE_COUNTRY_WAIT_TIMEOUT} after a (re)start or a country's
     * first status, then on its next check (every {@code VANTAGE_SILENCE_CHECK_INTERVAL}) or status.
     */
    static final Map<String, String> WAITS =
            Map.of("VANTAGE_COUNTRY_WAIT_TIMEOUT", "5s", "VANTAGE_SILENCE_CHECK_INTERVAL", "2s");
    /** The grace period the detectors run with (no run sets it): the reordered run stays within it. */
    static final Duration GRACE = ProcessorConfig.builder(Sources.environment(WAITS))
            .build()
            .thresholds()
            .grace();
    /** Longer than a country wait and two checks: a run is over when nothing changed for this long. */
    static final int QUIET_SECONDS = 10;

    /** Kept when the test fails: the processors' logs are there. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    static LocalStack stack;
    static ScenarioReplay replay;

    enum Fault {
        NONE,
        SECOND_INSTANCE_JOINS,
        KILLED_AND_RESTARTED
    }

    /** One run: how the records are ordered and paced, how the processor is configured, and what happens to it. */
    record Run(
            String name,
            ReplayOrder order,
            Duration pace,
            Map<String, String> env,
            String clientProperties,
            Fault fault) {}

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.builder()
                .dataDir(dir.resolve("stack"))
                .referenceData(false)
                .start();
        Map<String, ScenarioReplay> parts = new LinkedHashMap<>();
        for (String name : ScenarioReplay.SHIPPED) {
            parts.put(name, ScenarioReplay.of(name, 4, 5));
        }
        replay = ScenarioReplay.concat(
                "four shipped scenarios",
                List.of(
                        parts.get("global-platform-outage").shifted(Duration.ofDays(-60)),
                        parts.get("pk-2024-01-20"),
                        parts.get("single-network-outage"),
                        parts.get("throttling")));
        try (KafkaProducer<String, SpecificRecord> producer = StackClients.avroProducer(stack)) {
            for (NetworkInfo n : replay.networks()) {
                producer.send(
                        new ProducerRecord<>(VantageTopic.NETWORKS.topicName(), n.getCountry() + ":" + n.getAsn(), n));
            }
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theSameMeasurementsGiveTheSameAlertsWhateverTheOrderSpeedInstanceCountOrACrash() throws Exception {
        Map<String, String> commit100 = Map.of("VANTAGE_COMMIT_INTERVAL", "100ms");
        Run reference = new Run(
                "a. event-time order, paced, one instance",
                ReplayOrder.eventTime(),
                PACE,
                commit100,
                DetectorProcess.DEFAULT_CLIENT_PROPERTIES,
                Fault.NONE);
        List<Run> others = List.of(
                new Run(
                        "b. partitions lagging, records shuffled within grace",
                        ReplayOrder.random(ReplayOrder.Kind.SKEWED_AND_SHUFFLED, 17, GRACE),
                        PACE,
                        commit100,
                        DetectorProcess.DEFAULT_CLIENT_PROPERTIES,
                        Fault.NONE),
                new Run(
                        "c. unpaced backlog, default commit interval",
                        ReplayOrder.eventTime(),
                        null,
                        Map.of(),
                        DetectorProcess.DEFAULT_CLIENT_PROPERTIES,
                        Fault.NONE),
                new Run(
                        "c. throttled consumer (10 records a poll, 4 KiB fetches), 1 s commits",
                        ReplayOrder.eventTime(),
                        PACE,
                        Map.of("VANTAGE_COMMIT_INTERVAL", "1s"),
                        DetectorProcess.DEFAULT_CLIENT_PROPERTIES
                                + "max.poll.records=10\nmax.partition.fetch.bytes=4096\nfetch.max.bytes=16384\n",
                        Fault.NONE),
                new Run(
                        "d. two instances, the second joining a third of the way",
                        ReplayOrder.eventTime(),
                        PACE,
                        commit100,
                        DetectorProcess.DEFAULT_CLIENT_PROPERTIES,
                        Fault.SECOND_INSTANCE_JOINS),
                new Run(
                        "e. SIGKILL half way, restarted on its state",
                        ReplayOrder.eventTime(),
                        PACE,
                        commit100,
                        DetectorProcess.DEFAULT_CLIENT_PROPERTIES,
                        Fault.KILLED_AND_RESTARTED));

        ReplaySummary summary = new ReplaySummary(
                "Reproducible alerts (real broker, " + replay.events().size() + " records)");
        long started = System.nanoTime();
        List<DisruptionAlert> expected = run(reference);
        List<String> timings = new ArrayList<>();
        timings.add(reference.name() + ": " + seconds(started) + " s");
        Map<String, Integer> differing = new LinkedHashMap<>();
        for (Run r : others) {
            long t0 = System.nanoTime();
            int d = summary.compare(r.name(), expected, run(r)).size();
            timings.add(r.name() + ": " + seconds(t0) + " s");
            differing.put(r.name(), d);
        }
        List<AlertSequences.Difference> ownDuplicates = AlertSequences.compare(reference.name(), expected, expected);
        String report = summary.report() + "reference run (a):\n" + AlertSequences.describe(expected)
                + String.join("\n", timings) + "\n";
        System.out.println(report);
        ReliabilityFigures.line(
                "Reproducible alerts (same input, other order/speed/instances/SIGKILL)",
                report.lines().findFirst().orElse(""));

        // the global outage is one incident, with no country's restriction beside it; the Pakistan evening and the
        // throttling, weeks later, are Pakistan's own (the network outage is probes falling silent: nothing in a
        // replay)
        assertThat(expected)
                .as("alerts of run (a)")
                .extracting(a -> a.getCountry() + " " + a.getClassification())
                .containsOnly("ZZ GLOBAL_PLATFORM_OUTAGE", "PK PLATFORM_RESTRICTION", "PK THROTTLING")
                .contains("ZZ GLOBAL_PLATFORM_OUTAGE", "PK PLATFORM_RESTRICTION", "PK THROTTLING");
        assertThat(ownDuplicates).as("alert ids of run (a) unique").isEmpty();
        // every run gives exactly the reference's alerts
        assertThat(differing)
                .as(report)
                .allSatisfy((run, d) -> assertThat(d).as(run).isZero());
    }

    private static long seconds(long since) {
        return (System.nanoTime() - since) / 1_000_000_000L;
    }

    /** One run on fresh topics and a fresh application id; returns the alerts it committed. */
    List<DisruptionAlert> run(Run r) throws Exception {
        resetTopics();
        String app = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        List<DetectorProcess> instances = new ArrayList<>();
        long[] lastStart = {System.nanoTime()};
        try {
            instances.add(start(r, app, 1).awaitRunning(Duration.ofSeconds(90)));
            List<Fleet.Event> arrivals = r.order().arrange(replay.events());
            int faultAt = r.fault() == Fault.SECOND_INSTANCE_JOINS ? arrivals.size() / 3 : arrivals.size() / 2;
            try (KafkaProducer<String, SpecificRecord> producer = StackClients.avroProducer(stack)) {
                long wallStart = System.nanoTime();
                long minutes = 0;
                long newestMinute = Long.MIN_VALUE;
                for (int i = 0; i < arrivals.size(); i++) {
                    Fleet.Event e = arrivals.get(i);
                    long minute = Math.floorDiv(e.time(), 60_000L);
                    if (minute > newestMinute) {
                        minutes +=
                                newestMinute == Long.MIN_VALUE ? 0 : 1; // a gap between scenarios counts as one minute
                        newestMinute = minute;
                        if (r.pace() != null) {
                            sleepUntil(wallStart + minutes * r.pace().toNanos());
                        }
                    }
                    if (i == faultAt && r.fault() == Fault.KILLED_AND_RESTARTED) {
                        instances.get(0).kill();
                        instances.set(0, start(r, app, 1));
                        lastStart[0] = System.nanoTime();
                    } else if (i == faultAt && r.fault() == Fault.SECOND_INSTANCE_JOINS) {
                        instances.add(start(r, app, 2));
                        lastStart[0] = System.nanoTime();
                    }
                    SpecificRecord value = e.measurement() != null ? e.measurement() : e.heartbeat();
                    String topic = e.measurement() != null
                            ? VantageTopic.MEASUREMENTS.topicName()
                            : VantageTopic.HEARTBEATS.topicName();
                    producer.send(new ProducerRecord<>(topic, e.key(), value));
                }
                producer.flush();
            }
            awaitQuiet(app, instances, lastStart[0]);
            assertThat(deadLetters())
                    .as(
                            "records dead-lettered in run %s; log:%n%s",
                            r.name(), instances.get(0).logTail())
                    .isZero();
            return readAlerts();
        } finally {
            for (DetectorProcess p : instances) {
                if (p.isAlive()) {
                    p.kill(); // its alerts are read; its topics go next
                }
            }
        }
    }

    private static DetectorProcess start(Run r, String app, int instance) throws Exception {
        Map<String, String> env = new HashMap<>(WAITS);
        env.putAll(r.env());
        env.put("VANTAGE_APPLICATION_ID", app);
        env.put(
                "VANTAGE_STATE_DIR",
                dir.resolve("state").resolve(app + "-" + instance).toString());
        // the scenarios' own dates
        env.put(
                "VANTAGE_MAX_AGE",
                (Duration.ofMillis(System.currentTimeMillis() - replay.start()).toDays() + 30) + "d");
        return DetectorProcess.start(stack, dir.resolve(app + "-" + instance + ".log"), env, r.clientProperties());
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }

    /** Every topic but the reference table and the registry's storage deleted and created again, empty. */
    static void resetTopics() throws Exception {
        try (Admin admin = admin()) {
            Set<String> keep = Set.of(VantageTopic.NETWORKS.topicName(), VantageTopic.SCHEMAS.topicName());
            Set<String> delete = admin.listTopics().names().get().stream()
                    .filter(t -> !keep.contains(t))
                    .collect(Collectors.toSet());
            admin.deleteTopics(delete).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (admin.listTopics().names().get().stream().anyMatch(delete::contains)) {
                assertThat(System.nanoTime()).as("topics deleted within 60 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            TopicProvisioner.Report report =
                    new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(60)).provisionAll();
            assertThat(report.consistent())
                    .as("topics provisioned: %s", report.mismatches())
                    .isTrue();
        }
    }

    /**
     * Waits until the application has consumed everything (its committed offsets at the end of its input, status and
     * repartition topics, allowing for a transaction marker) and nothing, alerts included, changed for
     * {@link #QUIET_SECONDS}, counted from the last (re)start at the earliest.
     */
    static void awaitQuiet(String app, List<DetectorProcess> instances, long lastStart) throws Exception {
        List<String> topics = List.of(
                VantageTopic.MEASUREMENTS.topicName(),
                VantageTopic.HEARTBEATS.topicName(),
                VantageTopic.NETWORK_STATUS.topicName(),
                app + "-" + VantageTopology.GLOBAL_STATUS_REPARTITION + "-repartition");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String previous = null;
        int stable = 0;
        try (Admin admin = admin()) {
            while (true) {
                for (DetectorProcess p : instances) {
                    assertThat(p.isAlive())
                            .as("processor alive; log:\n" + p.logTail())
                            .isTrue();
                }
                Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
                for (String t : topics) {
                    admin.describeTopics(List.of(t))
                            .allTopicNames()
                            .get()
                            .get(t)
                            .partitions()
                            .forEach(p -> ask.put(new TopicPartition(t, p.partition()), OffsetSpec.latest()));
                }
                for (int p = 0; p < VantageTopic.ALERTS.partitions(); p++) {
                    ask.put(new TopicPartition(VantageTopic.ALERTS.topicName(), p), OffsetSpec.latest());
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        admin.listOffsets(ask).all().get();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app)
                        .partitionsToOffsetAndMetadata()
                        .get();
                boolean consumed = true;
                StringBuilder state = new StringBuilder();
                for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
                    long end = e.getValue().offset();
                    state.append(e.getKey()).append('=').append(end);
                    if (!e.getKey().topic().equals(VantageTopic.ALERTS.topicName())) {
                        OffsetAndMetadata c = committed.get(e.getKey());
                        long at = c == null ? 0 : c.offset();
                        state.append('/').append(at);
                        consumed &= end - at <= 1;
                    }
                    state.append(' ');
                }
                stable = consumed && state.toString().equals(previous) ? stable + 1 : 0;
                previous = state.toString();
                if (stable >= QUIET_SECONDS
                        && System.nanoTime() - lastStart
                                >= Duration.ofSeconds(QUIET_SECONDS).toNanos()) {
                    return;
                }
                assertThat(System.nanoTime())
                        .as("processor done within 3 minutes: " + state)
                        .isLessThan(deadline);
                Thread.sleep(1000);
            }
        }
    }

    /** Records on the dead-letter topic: none, as every record arrives within grace and is valid. */
    static long deadLetters() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            for (int p = 0; p < VantageTopic.DEAD_LETTERS.partitions(); p++) {
                ask.put(new TopicPartition(VantageTopic.DEAD_LETTERS.topicName(), p), OffsetSpec.latest());
            }
            return admin.listOffsets(ask).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        }
    }

    /** Everything committed on the alerts topic, read as a consumer would (read_committed), in partition order. */
    static List<DisruptionAlert> readAlerts() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AvroDeserializer<DisruptionAlert> values = new AvroDeserializer<>(DisruptionAlert.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        List<DisruptionAlert> out = new ArrayList<>();
        try (KafkaConsumer<String, DisruptionAlert> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < VantageTopic.ALERTS.partitions(); i++) {
                tps.add(new TopicPartition(VantageTopic.ALERTS.topicName(), i));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime()).as("alerts read within 30 s").isLessThan(deadline);
                for (ConsumerRecord<String, DisruptionAlert> rec : c.poll(Duration.ofMillis(500))) {
                    out.add(rec.value());
                }
            }
        }
        return out;
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }
}
