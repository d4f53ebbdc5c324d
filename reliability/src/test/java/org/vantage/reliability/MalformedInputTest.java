package org.vantage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.DetectionService;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.detect.model.RejectReason;
import org.vantage.detect.validate.DeadLetter;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.Outcome;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;

/**
 * On the real stack: every kind of malformed record is injected into
 * {@code vantage.measurements.v1} between the records of an honest scenario that produces a known incident
 * (twitter and youtube TLS-reset on every Pakistani network). Every bad record must come out of
 * {@code vantage.dead-letters.v1} with its reason, byte for byte, in exactly the injected number per reason;
 * the honest alerts must be those of the same honest input without the garbage (computed independently by
 * the topology in a TopologyTestDriver); the processor must stay RUNNING without replacing its stream thread.
 */
@Tag("integration")
class MalformedInputTest {
    static final List<String> BLOCKED = List.of("twitter", "youtube");
    static final int ONSET = 5;
    static final int RECOVERY = 13;
    static final int END = 21;
    static final Duration PACE = Duration.ofSeconds(1);

    @TempDir
    static Path dir;

    static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.builder().dataDir(dir.resolve("stack")).start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        ReliabilityFigures.publish();
    }

    /** One injected bad record and the reason it must be dead-lettered with. */
    record Garbage(String kind, byte[] key, byte[] value, RejectReason expected) {}

    @Test
    void everyMalformedRecordIsQuarantinedWithItsReasonAndHonestAlertsAreUnchanged() throws Exception {
        List<NetworkInfo> pk = stack.networks().stream()
                .filter(n -> n.getCountry().equals("PK"))
                .toList();
        Instant start = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        Fleet traffic = Fleet.ofReference(
                pk, 3, start, "honest-" + UUID.randomUUID().toString().substring(0, 6), 7);
        List<Fleet.Event> honest = traffic.minutes(0, END, Fleet.block(BLOCKED, ONSET, RECOVERY, Outcome.TLS_RESET));

        List<DisruptionAlert> expected;
        try (DetectionHarness reference = new DetectionHarness(DetectionThresholds.defaults(), start)) {
            reference.reference(Fleet.networks(pk));
            reference.pipe(honest);
            expected = reference.alerts();
        }
        assertThat(expected).as("the honest scenario produces a known incident").isNotEmpty();

        AvroSerializer<org.apache.avro.specific.SpecificRecord> serializer = new AvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        Fleet.Probe probe = traffic.probes().get(0);
        List<Garbage> garbage = garbage(traffic, probe, serializer, new Random(11));
        Map<RejectReason, Long> injected = new TreeMap<>();
        garbage.forEach(g -> injected.merge(g.expected(), 1L, Long::sum));

        long heapBefore = usedHeapAfterGc();
        long heapAfter;
        ProcessorConfig.Builder processor = processorConfig("malformed");
        List<ConsumerRecord<String, DisruptionAlert>> alerts = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        boolean everLeftRunning = false;
        try (DetectionService service = DetectionService.start(processor.build(), "127.0.0.1");
                KafkaProducer<byte[], byte[]> producer = StackClients.rawProducer(stack);
                KafkaConsumer<String, DisruptionAlert> alertConsumer = StackClients.alertConsumer(stack);
                KafkaConsumer<byte[], byte[]> dlqConsumer = StackClients.deadLetterConsumer(stack)) {
            awaitRunning(service);
            // honest records minute by minute as probes send them (near real time, not a backlog: see docs/detection.md
            // on backlog bursts), the bad records spread over the minutes
            List<List<Fleet.Event>> minutes = new ArrayList<>();
            for (int m = 0; m < END; m++) {
                final int minute = m;
                minutes.add(honest.stream()
                        .filter(e ->
                                e.time() >= traffic.minuteStart(minute) && e.time() < traffic.minuteStart(minute + 1))
                        .toList());
            }
            int g = 0;
            for (int m = 0; m < END; m++) {
                List<Fleet.Event> round = minutes.get(m);
                for (int i = 0; i < round.size(); i++) {
                    Fleet.Event e = round.get(i);
                    producer.send(new ProducerRecord<>(
                            e.topic(), null, e.time(), utf8(e.key()), serializer.serialize(e.topic(), e.value())));
                    if (i == round.size() / 2) {
                        // this minute's share of the bad records, in the middle of the honest ones
                        int until = (int) Math.round((m + 1) * (double) garbage.size() / END);
                        for (; g < until; g++) {
                            producer.send(new ProducerRecord<>(
                                    VantageTopic.MEASUREMENTS.topicName(),
                                    garbage.get(g).key(),
                                    garbage.get(g).value()));
                        }
                    }
                }
                producer.flush();
                alertConsumer.poll(PACE).forEach(alerts::add);
                everLeftRunning |= !isRunningOrRebalancing(service.streams().state());
            }
            assertThat(g).isEqualTo(garbage.size());

            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            boolean resolved = false;
            while (System.nanoTime() < deadline && (!resolved || deadLetters.size() < garbage.size())) {
                alertConsumer.poll(Duration.ofMillis(200)).forEach(alerts::add);
                dlqConsumer.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
                resolved = alerts.stream().anyMatch(a -> a.value().getStatus() == AlertStatus.RESOLVED);
                everLeftRunning |= !isRunningOrRebalancing(service.streams().state());
            }
            // a little longer, so that an extra dead letter or a duplicate alert would be seen
            StackClients.pollUntil(dlqConsumer, deadLetters, l -> false, Duration.ZERO, Duration.ofSeconds(2));
            StackClients.pollUntil(alertConsumer, alerts, l -> false, Duration.ZERO, Duration.ofSeconds(1));

            heapAfter = usedHeapAfterGc(); // with the processor still running, after all the garbage
            assertThat(service.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(everLeftRunning)
                    .as("the processor never left RUNNING/REBALANCING")
                    .isFalse();
            assertThat(service.streams().metadataForLocalThreads())
                    .extracting(ThreadMetadata::threadName)
                    .as("no stream thread died and was replaced")
                    .allMatch(n -> n.endsWith("StreamThread-1"));
        }

        // every bad record, and nothing else, in the dead-letter topic, with its reason
        Map<RejectReason, Long> quarantined = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
            Header reason = r.headers().lastHeader(VantageTopic.DLQ_REASON_HEADER);
            Header code = r.headers().lastHeader(DeadLetter.REASON_CODE_HEADER);
            assertThat(reason).as("reason header on every dead letter").isNotNull();
            assertThat(code).isNotNull();
            RejectReason rr = RejectReason.valueOf(new String(code.value(), StandardCharsets.UTF_8));
            assertThat(new String(reason.value(), StandardCharsets.UTF_8)).startsWith(rr.name() + ": ");
            quarantined.merge(rr, 1L, Long::sum);
        }
        assertThat(quarantined)
                .as(() -> "dead letters per reason = injected per reason; dead letters by key and reason: "
                        + deadLetters.stream()
                                .collect(java.util.stream.Collectors.groupingBy(
                                        r -> (r.key() == null ? "null" : new String(r.key(), StandardCharsets.UTF_8))
                                                + " "
                                                + new String(
                                                        r.headers()
                                                                .lastHeader(DeadLetter.REASON_CODE_HEADER)
                                                                .value(),
                                                        StandardCharsets.UTF_8),
                                        TreeMap::new,
                                        java.util.stream.Collectors.counting())))
                .isEqualTo(injected);
        assertThat(deadLetters.stream().map(r -> b64(r.value())).sorted().toList())
                .as("the dead letters carry the injected bytes unchanged")
                .isEqualTo(garbage.stream().map(x -> b64(x.value())).sorted().toList());

        // the honest alerts are those of the honest input alone: the same single incident, opened at the same
        // onset with the same classification and platforms, resolved at the same time with the same final scope
        // and networks. (Intermediate UPDATED alerts depend on how far each network's task has got in wall-clock
        // time when the country is assessed, so their number is not compared.)
        List<DisruptionAlert> actual = StackClients.values(alerts);
        String described = actual.stream().map(MalformedInputTest::signature).toList() + " vs reference "
                + expected.stream().map(MalformedInputTest::signature).toList();
        assertThat(actual)
                .as(described)
                .extracting(DisruptionAlert::getIncidentId)
                .containsOnly(actual.get(0).getIncidentId());
        DisruptionAlert opened = actual.get(0);
        DisruptionAlert referenceOpened = expected.get(0);
        assertThat(opened.getStatus()).as(described).isEqualTo(AlertStatus.OPENED);
        assertThat(opened.getClassification())
                .as(described)
                .isEqualTo(referenceOpened.getClassification())
                .isEqualTo(Classification.PLATFORM_RESTRICTION);
        assertThat(opened.getPlatforms())
                .as(described)
                .isEqualTo(referenceOpened.getPlatforms())
                .containsExactlyElementsOf(BLOCKED);
        assertThat(opened.getStartTime())
                .as(described)
                .isEqualTo(referenceOpened.getStartTime())
                .isEqualTo(Instant.ofEpochMilli(traffic.minuteStart(ONSET)));
        DisruptionAlert resolved = actual.get(actual.size() - 1);
        assertThat(resolved.getStatus()).as(described).isEqualTo(AlertStatus.RESOLVED);
        assertThat(withoutSequence(signature(resolved)))
                .as(described)
                .isEqualTo(withoutSequence(signature(expected.get(expected.size() - 1))));
        assertThat(actual)
                .extracting(DisruptionAlert::getSequence)
                .as(described)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, actual.size())
                        .boxed()
                        .toList());
        long distinctIds =
                actual.stream().map(DisruptionAlert::getAlertId).distinct().count();

        ReliabilityFigures.badInputs(garbage.size(), deadLetters.size());
        ReliabilityFigures.duplicates(actual.size() - distinctIds);
        ReliabilityFigures.line(
                "Malformed input (real stack, in-process processor)",
                garbage.size() + " bad records of "
                        + garbage.stream().map(Garbage::kind).distinct().count() + " kinds among " + honest.size()
                        + " honest ones; dead-lettered per reason: " + quarantined);
        ReliabilityFigures.line(
                "Malformed input (real stack, in-process processor)",
                "honest incident identical to the garbage-free reference (onset, classification, platforms, resolution, "
                        + "final networks); alerts "
                        + actual.stream().map(a -> a.getStatus().toString()).toList()
                        + ", reference "
                        + expected.stream().map(a -> a.getStatus().toString()).toList());
        ReliabilityFigures.line(
                "Malformed input (real stack, in-process processor)",
                "heap used after GC in the JVM running the processor: before it started " + heapBefore / (1024 * 1024)
                        + " MiB, after processing everything (still running) " + heapAfter / (1024 * 1024) + " MiB");
    }

    /** The alert fields that must not change when garbage is mixed in. */
    static String signature(DisruptionAlert a) {
        return a.getStatus() + " " + a.getClassification() + " " + a.getScope() + " " + a.getPlatforms() + " "
                + a.getNetworks().stream().map(n -> n.getAsn()).sorted().toList() + " start=" + a.getStartTime()
                + " end=" + a.getEndTime() + " seq=" + a.getSequence();
    }

    static String withoutSequence(String signature) {
        return signature.replaceAll(" seq=\\d+$", "");
    }

    static List<Garbage> garbage(
            Fleet traffic,
            Fleet.Probe probe,
            AvroSerializer<org.apache.avro.specific.SpecificRecord> serializer,
            Random random) {
        String topic = VantageTopic.MEASUREMENTS.topicName();
        byte[] key = utf8(probe.key());
        long now = System.currentTimeMillis();
        List<Garbage> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] bytes = new byte[5 + random.nextInt(300)];
            random.nextBytes(bytes);
            bytes[0] = (byte) (1 + random.nextInt(255)); // a zero would read as the registry magic byte
            out.add(new Garbage("random bytes", key, bytes, RejectReason.UNDECODABLE));

            byte[] valid = serializer.serialize(topic, valid(traffic, probe, now));
            out.add(new Garbage(
                    "truncated Avro", key, Arrays.copyOf(valid, valid.length / 2), RejectReason.UNDECODABLE));

            byte[] magic = serializer.serialize(topic, valid(traffic, probe, now));
            magic[0] = 7;
            out.add(new Garbage("wrong magic byte", key, magic, RejectReason.UNDECODABLE));

            byte[] unknownId = serializer.serialize(topic, valid(traffic, probe, now));
            ByteBuffer.wrap(unknownId).putInt(1, 0x7fff_ff00 + i);
            out.add(new Garbage("unknown schema id", key, unknownId, RejectReason.UNKNOWN_SCHEMA_ID));

            // registry header of a real schema, then a measurement_id claiming 2^(40+i) bytes
            byte[] header = Arrays.copyOf(serializer.serialize(topic, valid(traffic, probe, now)), 5);
            byte[] huge = ByteBuffer.allocate(5 + 10 + 16)
                    .put(header)
                    .put(zigzagVarint(1L << (40 + i)))
                    .put("tiny".getBytes(StandardCharsets.UTF_8))
                    .array();
            out.add(new Garbage("huge length prefix", key, huge, RejectReason.UNDECODABLE));
        }
        byte[] header = Arrays.copyOf(serializer.serialize(topic, valid(traffic, probe, now)), 5);
        out.add(new Garbage(
                "huge length prefix",
                key,
                ByteBuffer.allocate(5 + 5)
                        .put(header)
                        .put(zigzagVarint(Integer.MAX_VALUE))
                        .array(),
                RejectReason.UNDECODABLE));
        out.add(new Garbage("empty value", key, new byte[0], RejectReason.UNDECODABLE));
        out.add(new Garbage("tombstone", key, null, RejectReason.UNDECODABLE));

        Measurement base = valid(traffic, probe, now);
        out.add(absurd(
                "unknown platform",
                serializer,
                key,
                copy(base).setPlatform("myspace").build(),
                RejectReason.UNKNOWN_PLATFORM));
        out.add(absurd(
                "unknown platform",
                serializer,
                key,
                copy(base).setPlatform("").build(),
                RejectReason.UNKNOWN_PLATFORM));
        out.add(absurd(
                "invalid country",
                serializer,
                utf8("ZZ:17557"),
                copy(base).setCountry("ZZ").build(),
                RejectReason.INVALID_COUNTRY));
        out.add(absurd(
                "invalid country",
                serializer,
                utf8("pk:17557"),
                copy(base).setCountry("pk").build(),
                RejectReason.INVALID_COUNTRY));
        out.add(absurd(
                "ASN out of range",
                serializer,
                utf8("PK:0"),
                copy(base).setAsn(0).build(),
                RejectReason.ASN_OUT_OF_RANGE));
        out.add(absurd(
                "ASN out of range",
                serializer,
                utf8("PK:5000000000"),
                copy(base).setAsn(5_000_000_000L).build(),
                RejectReason.ASN_OUT_OF_RANGE));
        out.add(absurd(
                "ASN out of range",
                serializer,
                utf8("PK:-1"),
                copy(base).setAsn(-1).build(),
                RejectReason.ASN_OUT_OF_RANGE));
        String otherNetwork = traffic.networks().stream()
                .map(Fleet.Network::key)
                .filter(k -> !k.equals(probe.key()))
                .findFirst()
                .orElseThrow();
        out.add(absurd(
                "key not its network",
                serializer,
                utf8(otherNetwork),
                copy(base).build(),
                RejectReason.KEY_MISMATCH));
        out.add(absurd(
                "missing id", serializer, key, copy(base).setMeasurementId("").build(), RejectReason.MISSING_FIELD));
        out.add(absurd(
                "far-future time",
                serializer,
                key,
                copy(base)
                        .setEventTime(Instant.ofEpochMilli(now).plus(1, ChronoUnit.DAYS))
                        .build(),
                RejectReason.EVENT_TIME_IN_FUTURE));
        out.add(absurd(
                "far-future time",
                serializer,
                key,
                copy(base).setEventTime(Instant.parse("2999-01-01T00:00:00Z")).build(),
                RejectReason.EVENT_TIME_IN_FUTURE));
        out.add(absurd(
                "far-past time",
                serializer,
                key,
                copy(base)
                        .setEventTime(Instant.ofEpochMilli(now).minus(30, ChronoUnit.DAYS))
                        .build(),
                RejectReason.EVENT_TIME_TOO_OLD));
        out.add(absurd(
                "far-past time",
                serializer,
                key,
                copy(base).setEventTime(Instant.EPOCH).build(),
                RejectReason.EVENT_TIME_TOO_OLD));
        java.util.Collections.shuffle(out, random);
        return out;
    }

    private static Garbage absurd(
            String kind,
            AvroSerializer<org.apache.avro.specific.SpecificRecord> serializer,
            byte[] key,
            Measurement m,
            RejectReason reason) {
        return new Garbage(kind, key, serializer.serialize(VantageTopic.MEASUREMENTS.topicName(), m), reason);
    }

    private static Measurement valid(Fleet traffic, Fleet.Probe probe, long now) {
        Measurement m = traffic.measurement(probe, "control", "www.example.com", now, Outcome.OK);
        return Measurement.newBuilder(m)
                .setMeasurementId("bad-" + UUID.randomUUID())
                .build();
    }

    private static Measurement.Builder copy(Measurement m) {
        return Measurement.newBuilder(m).setMeasurementId("bad-" + UUID.randomUUID());
    }

    static byte[] zigzagVarint(long n) {
        long v = (n << 1) ^ (n >> 63);
        ByteBuffer out = ByteBuffer.allocate(10);
        while ((v & ~0x7FL) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
        return Arrays.copyOf(out.array(), out.position());
    }

    static ProcessorConfig.Builder processorConfig(String name) {
        ProcessorConfig.Builder processor = ProcessorConfig.builder();
        processor.bootstrapServers(stack.bootstrapServers());
        processor.schemaRegistryUrl(stack.registryUrl());
        processor.applicationId(
                "vantage-detect-" + name + "-" + UUID.randomUUID().toString().substring(0, 8));
        processor.stateDir(dir.resolve("state-" + name));
        processor.httpPort(0);
        processor.commitInterval(Duration.ofMillis(100));
        // the whole scenario arrives at once: let a country assessment wait for every network's task
        processor.set(ProcessorSettings.COUNTRY_WAIT_TIMEOUT, Duration.ofSeconds(15));
        return processor;
    }

    static void awaitRunning(DetectionService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (service.streams().state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(service.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private static boolean isRunningOrRebalancing(KafkaStreams.State s) {
        return s == KafkaStreams.State.RUNNING
                || s == KafkaStreams.State.REBALANCING
                || s == KafkaStreams.State.CREATED;
    }

    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(byte[] b) {
        return b == null ? "<null>" : Base64.getEncoder().encodeToString(b);
    }
}
