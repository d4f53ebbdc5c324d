package org.vantage.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vantage.reliability.SecureBroker.allow;
import static org.vantage.reliability.SecureBroker.literal;
import static org.vantage.reliability.SecureBroker.prefixed;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.cli.AlertsCommand;
import org.vantage.cli.VantageCli;
import org.vantage.detect.DetectionService;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.detect.fixture.Fleet;
import org.vantage.kafka.ClientProperties;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.probe.publish.HeartbeatPublisher;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.probe.publish.SpoolingPublisher;
import org.vantage.probe.spool.Spool;
import org.vantage.probe.spool.SpoolOptions;
import org.vantage.registry.SchemaRegistryException;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.registry.server.EmbeddedSchemaRegistry;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.Outcome;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.stack.ReferenceNetworks;
import org.vantage.stack.TopicProvisioner;
import org.vantage.topics.VantageTopic;
import picocli.CommandLine;

/**
 * The issue-7 security case on a real broker ({@link SecureBroker}): a SASL_SSL listener (SCRAM-SHA-512, a
 * self-signed certificate made with keytool at test time), the KRaft {@code StandardAuthorizer} with
 * deny-by-default, and three principals that each reach Kafka only through a client properties file, the way
 * the applications are configured ({@code VANTAGE_KAFKA_CLIENT_PROPERTIES}, {@code kafka.client-properties},
 * {@code --client-properties}):
 * <ul>
 *   <li>{@code probe}, running the probe's own {@link SpoolingPublisher} and {@link HeartbeatPublisher}: WRITE +
 *       DESCRIBE on measurements and heartbeats, WRITE + DESCRIBE on its transactional id
 *       {@code vantage-probe.<probe id>}, READ on its checkpoint group {@code vantage-probe-spool.<probe id>} and
 *       on the always-empty {@code vantage.probe-checkpoints.v1}; no READ on measurements;</li>
 *   <li>{@code detector}, running {@link DetectionService} (Kafka Streams, exactly-once v2): READ on its
 *       inputs, READ + WRITE on what it writes and reads back, everything on its own internal topics, group and
 *       transactional ids (prefix = application id);</li>
 *   <li>{@code reader}, running {@code vantage alerts tail}: READ on alerts and on its {@code vantage-cli-} groups.</li>
 * </ul>
 * The broker also keeps a PLAINTEXT loopback listener whose ANONYMOUS principal is a super user: the
 * operator's side (topic and ACL set-up, the schema registry's storage, the checks of what arrived). Schema
 * writes are protected by the registry's basic auth: the probe registers nothing and only looks ids up; the
 * detector registers its alert schema with credentials from its client properties file.
 */
@Tag("integration")
class BrokerSecurityTest {
    static final String PROBE_ID = "pk-17557-p1";
    static final String DETECTOR_APP = "vantage-detect-secured";
    static final String REGISTRY_ADMIN = "registry-admin:" + UUID.randomUUID();
    static final Map<String, String> PASSWORDS = Map.of(
            "probe",
            "probe-secret-" + UUID.randomUUID(),
            "detector",
            "detector-secret-" + UUID.randomUUID(),
            "reader",
            "reader-secret-" + UUID.randomUUID());
    static final List<String> BLOCKED = List.of("twitter", "youtube");
    static final int ONSET = 2;
    static final int MINUTES = 10;

    @TempDir
    static Path dir;

    static SecureBroker broker;
    static EmbeddedSchemaRegistry registry;
    static final Map<String, Path> clientFiles = new HashMap<>();
    static final List<String> denied = new ArrayList<>();
    static final List<String> allowed = new ArrayList<>();

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        broker = SecureBroker.start(dir, Map.of());
        try (Admin admin = broker.operatorAdmin()) {
            new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(60)).provisionAll();
            broker.createUsers(admin, PASSWORDS);
            List<AclBinding> acls = new ArrayList<>(probeAcls());
            acls.addAll(detectorAcls());
            acls.addAll(readerAcls());
            broker.grant(admin, acls);
        }
        registry = EmbeddedSchemaRegistry.builder(broker.operatorBootstrap())
                .basicAuth(REGISTRY_ADMIN)
                .start();
        // the operator registers the probes' schemas once (probes only look ids up) and the network table
        try (AvroSerializer<SpecificRecord> operator = new AvroSerializer<>()) {
            operator.configure(
                    Map.of(
                            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                            registry.url(),
                            AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                            REGISTRY_ADMIN),
                    false);
            operator.serialize(VantageTopic.MEASUREMENTS.topicName(), measurement("m-operator"));
            operator.serialize(VantageTopic.HEARTBEATS.topicName(), heartbeat());
        }
        ReferenceNetworks.publish(
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.operatorBootstrap(),
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        registry.url(),
                        AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                        REGISTRY_ADMIN),
                pakistan(),
                Duration.ofSeconds(30));

        clientFiles.put(
                "probe", broker.clientPropertiesFile("probe", PASSWORDS.get("probe"), "auto.register.schemas=false\n"));
        // the test registry has a single user; a deployment would give the detector its own
        clientFiles.put(
                "detector",
                broker.clientPropertiesFile(
                        "detector", PASSWORDS.get("detector"), "basic.auth.user.info=" + REGISTRY_ADMIN + "\n"));
        clientFiles.put("reader", broker.clientPropertiesFile("reader", PASSWORDS.get("reader"), ""));
        broker.awaitLogin("probe", PASSWORDS.get("probe"), VantageTopic.MEASUREMENTS.topicName());
        broker.awaitLogin("detector", PASSWORDS.get("detector"), VantageTopic.MEASUREMENTS.topicName());
        broker.awaitLogin("reader", PASSWORDS.get("reader"), VantageTopic.ALERTS.topicName());
    }

    @AfterAll
    static void stop() {
        try {
            if (registry != null) {
                registry.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        ReliabilityFigures.line(
                "Security (SASL_SSL + SCRAM-SHA-512 + StandardAuthorizer)",
                "done over SASL_SSL with client properties files and least-privilege ACLs: "
                        + String.join("; ", allowed));
        ReliabilityFigures.line(
                "Security (SASL_SSL + SCRAM-SHA-512 + StandardAuthorizer)",
                "forbidden operations denied for the probe principal: " + String.join("; ", denied));
        ReliabilityFigures.publish();
    }

    /** Exactly the rights the probe's transactional publisher and heartbeats need. */
    static List<AclBinding> probeAcls() {
        String user = "probe";
        List<AclBinding> acls = new ArrayList<>();
        for (VantageTopic t : List.of(VantageTopic.MEASUREMENTS, VantageTopic.HEARTBEATS)) {
            acls.addAll(SecureBroker.produceAcls(user, t.topicName()));
        }
        acls.addAll(allow(
                user,
                literal(ResourceType.TRANSACTIONAL_ID, "vantage-probe." + PROBE_ID),
                AclOperation.WRITE,
                AclOperation.DESCRIBE));
        // the spool checkpoint: sendOffsetsToTransaction and the stable-offset read of it
        acls.addAll(allow(user, literal(ResourceType.GROUP, "vantage-probe-spool." + PROBE_ID), AclOperation.READ));
        acls.addAll(allow(
                user, literal(ResourceType.TOPIC, VantageTopic.PROBE_CHECKPOINTS.topicName()), AclOperation.READ));
        return acls;
    }

    /** The detection processor: Kafka Streams with exactly-once v2, its alert and fleet feeds. */
    static List<AclBinding> detectorAcls() {
        String user = "detector";
        List<AclBinding> acls = new ArrayList<>();
        for (VantageTopic t : List.of(
                VantageTopic.MEASUREMENTS, VantageTopic.HEARTBEATS, VantageTopic.NETWORKS, VantageTopic.FLEET_CONFIG)) {
            acls.addAll(allow(user, literal(ResourceType.TOPIC, t.topicName()), AclOperation.READ));
        }
        for (VantageTopic t : List.of(
                VantageTopic.NETWORK_STATUS,
                VantageTopic.PLATFORM_STATUS,
                VantageTopic.ALERTS,
                VantageTopic.INCIDENTS)) {
            acls.addAll(allow(user, literal(ResourceType.TOPIC, t.topicName()), AclOperation.READ, AclOperation.WRITE));
        }
        acls.addAll(
                allow(user, literal(ResourceType.TOPIC, VantageTopic.DEAD_LETTERS.topicName()), AclOperation.WRITE));
        // internal changelog and repartition topics <application.id>-...: created, read, written, purged
        acls.addAll(allow(user, prefixed(ResourceType.TOPIC, DETECTOR_APP + "-"), AclOperation.ALL));
        acls.addAll(allow(user, literal(ResourceType.GROUP, DETECTOR_APP), AclOperation.READ));
        // exactly-once v2: transactional id <application.id>-<process id>-<thread>
        acls.addAll(allow(
                user,
                prefixed(ResourceType.TRANSACTIONAL_ID, DETECTOR_APP + "-"),
                AclOperation.WRITE,
                AclOperation.DESCRIBE));
        return acls;
    }

    /** {@code vantage alerts tail}: one new consumer group per run. */
    static List<AclBinding> readerAcls() {
        String user = "reader";
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(allow(user, literal(ResourceType.TOPIC, VantageTopic.ALERTS.topicName()), AclOperation.READ));
        acls.addAll(allow(user, prefixed(ResourceType.GROUP, AlertsCommand.GROUP_PREFIX), AclOperation.READ));
        return acls;
    }

    /** Client settings of a principal for the checks below: its file, the SASL_SSL address, short timeouts. */
    static Map<String, Object> clientOf(Path file) {
        return ClientProperties.load(file, "test").merge(broker.saslListener());
    }

    static Map<String, Object> probeClientSecurity() {
        return clientOf(clientFiles.get("probe"));
    }

    @Test
    void theProbesOwnPublisherDeliversWithoutReadOnMeasurements() throws Exception {
        PublisherSettings settings = new PublisherSettings(
                broker.saslBootstrap(),
                registry.url(),
                PROBE_ID,
                Duration.ofSeconds(15),
                50,
                ClientProperties.load(clientFiles.get("probe"), "probe client properties"));
        ProbeMetrics metrics = new ProbeMetrics(new SimpleMeterRegistry());
        Measurement sent = measurement("m-honest-" + UUID.randomUUID());
        try (Spool spool = Spool.open(dir.resolve("spool-" + UUID.randomUUID()), SpoolOptions.defaults());
                SpoolingPublisher publisher = new SpoolingPublisher(settings, spool, metrics);
                HeartbeatPublisher heartbeats = new HeartbeatPublisher(settings, metrics)) {
            publisher.submit(sent);
            heartbeats.send(heartbeat());
            heartbeats.flush();
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60)))
                    .as("spool drained over SASL_SSL")
                    .isTrue();
            assertThat(metrics.registry().find("vantage.probe.publish.errors").counters())
                    .as("no publish error (an ACL refusal would be one)")
                    .allSatisfy(c -> assertThat(c.count()).isZero());
            assertThat(metrics.registry()
                            .find("vantage.probe.heartbeats")
                            .tag("result", "sent")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
        // the operator's read-committed consumer finds it, and the checkpoint is on the checkpoint topic
        assertThat(operatorRead(VantageTopic.MEASUREMENTS, Measurement.class, partitionOf("PK:17557")).stream()
                        .map(Measurement::getMeasurementId))
                .contains(sent.getMeasurementId());
        try (Admin admin = broker.operatorAdmin()) {
            assertThat(admin.listConsumerGroupOffsets("vantage-probe-spool." + PROBE_ID)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS))
                    .containsOnlyKeys(new TopicPartition(VantageTopic.PROBE_CHECKPOINTS.topicName(), 0));
        }
        allowed.add("probe: SpoolingPublisher (transaction + checkpoint) and HeartbeatPublisher");
    }

    /**
     * The whole path with least privilege: the probe's publisher sends the traffic of a blocking of twitter and
     * youtube in Pakistan, the detector (DetectionService from ProcessorConfig.fromEnv) turns it into an OPENED
     * alert, and {@code vantage alerts tail} reads it as the reader principal.
     */
    @Test
    void probeDetectorAndAlertReaderWorkWithTheirOwnClientPropertiesAndRights() throws Exception {
        List<NetworkInfo> pk = pakistan();
        Instant start = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        Fleet traffic = Fleet.ofReference(
                pk, 3, start, "secured-" + UUID.randomUUID().toString().substring(0, 6), 23);
        Fleet.Conditions conditions = Fleet.block(BLOCKED, ONSET, MINUTES, Outcome.TLS_RESET);

        ProcessorConfig.Builder processor = ProcessorConfig.builder();
        processor.bootstrapServers(broker.saslBootstrap());
        processor.schemaRegistryUrl(registry.url());
        processor.clientProperties(ClientProperties.load(clientFiles.get("detector"), "detector client properties"));
        processor.applicationId(DETECTOR_APP);
        processor.stateDir(dir.resolve("detector-state"));
        processor.httpPort(0);
        processor.commitInterval(Duration.ofMillis(100));
        processor.set(ProcessorSettings.COUNTRY_WAIT_TIMEOUT, Duration.ofSeconds(15));
        PublisherSettings probe = new PublisherSettings(
                broker.saslBootstrap(),
                registry.url(),
                PROBE_ID,
                Duration.ofSeconds(15),
                500,
                ClientProperties.load(clientFiles.get("probe"), "kafka.client-properties"));
        ProbeMetrics metrics = new ProbeMetrics(new SimpleMeterRegistry());
        List<ConsumerRecord<String, DisruptionAlert>> alerts = new ArrayList<>();
        try (DetectionService detector = DetectionService.start(processor.build(), "127.0.0.1");
                Spool spool = Spool.open(dir.resolve("spool-e2e"), SpoolOptions.defaults());
                SpoolingPublisher publisher = new SpoolingPublisher(probe, spool, metrics);
                HeartbeatPublisher heartbeats = new HeartbeatPublisher(probe, metrics);
                KafkaConsumer<String, DisruptionAlert> operator =
                        StackClients.alertConsumer(broker.operatorBootstrap(), registry.url())) {
            MalformedInputTest.awaitRunning(detector);
            // one minute of event time per second or so, as live probes would send it
            for (int m = 0; m < MINUTES; m++) {
                List<Measurement> measurements = new ArrayList<>();
                for (Fleet.Event e : traffic.round(m, conditions)) {
                    if (e.value() instanceof Measurement mm) {
                        measurements.add(mm);
                    } else {
                        heartbeats.send((ProbeHeartbeat) e.value());
                    }
                }
                publisher.submitAll(measurements);
                assertThat(publisher.awaitDrained(Duration.ofSeconds(30)))
                        .as("minute %d published", m)
                        .isTrue();
                operator.poll(Duration.ofMillis(500)).forEach(alerts::add);
            }
            StackClients.pollUntil(
                    operator,
                    alerts,
                    l -> l.stream().anyMatch(a -> a.value().getStatus() == AlertStatus.OPENED),
                    Duration.ofSeconds(120),
                    Duration.ZERO);
            assertThat(detector.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        DisruptionAlert opened = alerts.stream()
                .map(ConsumerRecord::value)
                .filter(a -> a.getStatus() == AlertStatus.OPENED)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no OPENED alert; alerts: " + alerts));
        assertThat(opened.getCountry()).isEqualTo("PK");
        assertThat(opened.getPlatforms()).containsExactlyInAnyOrderElementsOf(BLOCKED);
        allowed.add("probe: " + metrics.publishedCount() + " measurements of " + MINUTES + " minutes");
        allowed.add("detector: DetectionService (exactly-once v2), OPENED " + opened.getClassification() + " "
                + opened.getPlatforms());

        // the operator's reading path, as the reader principal
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VantageCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = runner.submit(() -> cli.execute(
                    "alerts",
                    "tail",
                    "--json",
                    "--from-beginning",
                    "--max",
                    "1",
                    "--bootstrap-servers",
                    broker.saslBootstrap(),
                    "--registry-url",
                    registry.url(),
                    "--client-properties",
                    clientFiles.get("reader").toString(),
                    "--stack-dir",
                    dir.resolve("no-stack").toString()));
            assertThat(exit.get(60, TimeUnit.SECONDS)).as(err::toString).isZero();
        } finally {
            runner.shutdownNow();
        }
        List<String> read =
                out.toString().lines().filter(l -> l.startsWith("{")).toList();
        assertThat(read).hasSize(1);
        assertThat(alerts)
                .extracting(a -> a.value().getAlertId())
                .anySatisfy(id -> assertThat(read.get(0)).contains("\"alert_id\":\"" + id + "\""));
        allowed.add("reader: vantage alerts tail --client-properties");
    }

    @Test
    void theProbePrincipalCannotReadMeasurements() {
        Map<String, Object> c = probeClientSecurity();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(VantageTopic.MEASUREMENTS.topicName(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 20; i++) {
                            consumer.poll(Duration.ofMillis(500));
                        }
                    })
                    .isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(VantageTopic.MEASUREMENTS.topicName());
        }
        denied.add("read measurements, its own or other probes' (TopicAuthorizationException)");
    }

    @Test
    void theProbePrincipalCannotReadAlerts() {
        Map<String, Object> c = probeClientSecurity();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(VantageTopic.ALERTS.topicName(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 20; i++) {
                            consumer.poll(Duration.ofMillis(500));
                        }
                    })
                    .isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(VantageTopic.ALERTS.topicName());
        }
        denied.add("read alerts (TopicAuthorizationException)");
    }

    @Test
    void theProbePrincipalCannotWriteAlerts() {
        Map<String, Object> p = probeClientSecurity();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(
                                    VantageTopic.ALERTS.topicName(), "PK-fake", new byte[] {0, 0, 0, 0, 1}))
                            .get(20, TimeUnit.SECONDS))
                    .satisfiesAnyOf(
                            e -> assertThat(e)
                                    .isInstanceOf(ExecutionException.class)
                                    .cause()
                                    .isInstanceOf(TopicAuthorizationException.class),
                            e -> assertThat(e).isInstanceOf(TopicAuthorizationException.class));
        }
        denied.add("write alerts (TopicAuthorizationException)");
    }

    @Test
    void theProbePrincipalCannotCreateTopics() {
        try (Admin admin = Admin.create(probeClientSecurity())) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("vantage.fake-alerts.v1", 1, (short) 1)))
                            .all()
                            .get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        denied.add("create topics (TopicAuthorizationException)");
    }

    @Test
    void theProbePrincipalCannotUseAnotherProbesTransactionalId() {
        Map<String, Object> p = probeClientSecurity();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "vantage-probe.someone-else");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        denied.add("impersonate another probe's transactional id (TransactionalIdAuthorizationException)");
    }

    @Test
    void aWrongPasswordIsRejectedAtAuthentication() throws IOException {
        try (Admin admin = Admin.create(clientOf(broker.clientPropertiesFile("probe", "not-the-password", "")))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(SaslAuthenticationException.class);
        }
        denied.add("connect with a wrong password (SaslAuthenticationException)");
    }

    @Test
    void theProbeCannotRegisterSchemasWithoutRegistryCredentials() {
        try (AvroSerializer<ProbeHeartbeat> probeSide = new AvroSerializer<>()) {
            // auto-registration on (the serde default), no basic.auth.user.info: the POST is refused
            probeSide.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
            ProbeHeartbeat hb = heartbeat();
            assertThatThrownBy(() -> probeSide.serialize(VantageTopic.HEARTBEATS.topicName(), hb))
                    .isInstanceOf(SerializationException.class)
                    .hasRootCauseInstanceOf(SchemaRegistryException.class)
                    .rootCause()
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus())
                            .isEqualTo(401));
        }
        denied.add("register a schema without registry credentials (HTTP 401)");
    }

    // ---- helpers

    static Measurement measurement(String id) {
        return Measurement.newBuilder()
                .setMeasurementId(id)
                .setProbeId(PROBE_ID)
                .setCountry("PK")
                .setAsn(17557)
                .setRegion("Punjab")
                .setNetworkType(org.vantage.schema.NetworkType.FIXED)
                .setPlatform("twitter")
                .setTargetHost("x.com")
                .setEventTime(Instant.now())
                .setOutcome(org.vantage.schema.Outcome.OK)
                .setDnsAnswers(List.of())
                .setTimings(org.vantage.schema.PhaseTimings.newBuilder()
                        .setTotalMs(200)
                        .build())
                .setProbeVersion("test")
                .setSimulated(true)
                .build();
    }

    static int partitionOf(String key) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                        key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % VantageTopic.MEASUREMENTS.partitions();
    }

    static ProbeHeartbeat heartbeat() {
        return ProbeHeartbeat.newBuilder()
                .setProbeId(PROBE_ID)
                .setCountry("PK")
                .setAsn(17557)
                .setNetworkType(org.vantage.schema.NetworkType.FIXED)
                .setProbeVersion("test")
                .setEventTime(Instant.now())
                .setIntervalMs(60_000)
                .setSimulated(true)
                .build();
    }

    static List<NetworkInfo> pakistan() {
        return ReferenceNetworks.bundled().stream()
                .filter(n -> n.getCountry().equals("PK"))
                .toList();
    }

    /** Everything committed in one partition of {@code topic}, read by the operator (PLAINTEXT super user). */
    static <T extends SpecificRecord> List<T> operatorRead(VantageTopic topic, Class<T> type, int partition) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.operatorBootstrap());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroDeserializer<T> decoder = new AvroDeserializer<>(type);
        decoder.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(c, new StringDeserializer(), decoder)) {
            TopicPartition tp = new TopicPartition(topic.topicName(), partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
