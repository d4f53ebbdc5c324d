package org.vantage.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.registry.client.SchemaRegistryException;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.registry.server.EmbeddedSchemaRegistry;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.stack.KafkaBrokerProcess;
import org.vantage.topics.VantageTopic;

/**
 * The issue-7 security case on a real broker: a SASL_SSL listener (SCRAM-SHA-512, a self-signed certificate
 * made with keytool at test time), the KRaft {@code StandardAuthorizer} with deny-by-default, and ACLs that
 * let the {@code probe} principal do exactly what the probe's publisher does and nothing else:
 * <ul>
 *   <li>WRITE + DESCRIBE on {@code vantage.measurements.v1} and {@code vantage.heartbeats.v1};</li>
 *   <li>WRITE + DESCRIBE on its own transactional id {@code vantage-probe.<probe id>} (the publisher is
 *       transactional, see SpoolingPublisher);</li>
 *   <li>READ on its own checkpoint group {@code vantage-probe-spool.<probe id>} (sendOffsetsToTransaction and
 *       the stable-offset read of the checkpoint).</li>
 * </ul>
 * The broker also keeps a PLAINTEXT loopback listener whose ANONYMOUS principal is a super user: the
 * operator's side (topic and ACL set-up, the schema registry's storage, the broker's own readiness check).
 * Schema writes are protected by the registry's basic auth; the probe registers nothing and only looks up ids.
 */
class BrokerSecurityTest {
    static final String PROBE_ID = "pk-17557-p1";
    static final String PROBE_PASSWORD = "probe-secret-" + UUID.randomUUID();
    static final String REGISTRY_ADMIN = "registry-admin:" + UUID.randomUUID();
    static final String STORE_PASSWORD = "store-" + UUID.randomUUID();

    @TempDir
    static Path dir;
    static KafkaBrokerProcess broker;
    static EmbeddedSchemaRegistry registry;
    static int saslPort;
    static Path truststore;
    static final List<String> denied = new ArrayList<>();

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        Path keystore = dir.resolve("broker.p12");
        truststore = dir.resolve("truststore.p12");
        makeSelfSignedCertificate(keystore, truststore);
        int[] ports = freePorts(3);
        saslPort = ports[2];
        String host = "127.0.0.1";
        broker = KafkaBrokerProcess.builder().dataDir(dir.resolve("kafka")).port(ports[0]).controllerPort(ports[1])
                .property("listeners", "PLAINTEXT://" + host + ":" + ports[0] + ",CONTROLLER://" + host + ":" + ports[1]
                        + ",SASL_SSL://" + host + ":" + saslPort)
                .property("advertised.listeners", "PLAINTEXT://" + host + ":" + ports[0] + ",SASL_SSL://" + host + ":" + saslPort)
                .property("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL")
                .property("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .property("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .property("ssl.keystore.type", "PKCS12")
                .property("ssl.keystore.location", keystore.toString())
                .property("ssl.keystore.password", STORE_PASSWORD)
                .property("ssl.key.password", STORE_PASSWORD)
                .property("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .property("allow.everyone.if.no.acl.found", "false")
                .property("super.users", "User:ANONYMOUS")
                .start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(VantageTopic.MEASUREMENTS.newTopic((short) 1), VantageTopic.HEARTBEATS.newTopic((short) 1),
                    VantageTopic.ALERTS.newTopic((short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("probe",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), PROBE_PASSWORD))).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(probeAcls()).all().get(30, TimeUnit.SECONDS);
        }
        registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).basicAuth(REGISTRY_ADMIN).start();
        // the operator registers the measurement schema once; probes then only look its id up
        try (AvroSerializer<Measurement> operator = new AvroSerializer<>()) {
            operator.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                    AvroSerdeConfig.BASIC_AUTH_USER_INFO, REGISTRY_ADMIN), false);
            operator.serialize(VantageTopic.MEASUREMENTS.topicName(), measurement("m-operator"));
        }
        awaitScramCredentialPropagated();
    }

    @AfterAll
    static void stop() {
        try {
            if (registry != null) {
                registry.close();
            }
        } finally {
            if (broker != null) {
                broker.stop();
            }
        }
        ReliabilityFigures.line("Security (SASL_SSL + SCRAM-SHA-512 + StandardAuthorizer)",
                "forbidden operations denied for the probe principal: " + String.join("; ", denied));
        ReliabilityFigures.publish();
    }

    /** Exactly the rights the probe's transactional publisher needs. */
    static List<AclBinding> probeAcls() {
        String principal = "User:probe";
        List<AclBinding> acls = new ArrayList<>();
        for (VantageTopic t : List.of(VantageTopic.MEASUREMENTS, VantageTopic.HEARTBEATS)) {
            for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
                acls.add(allow(new ResourcePattern(ResourceType.TOPIC, t.topicName(), PatternType.LITERAL), principal, op));
            }
        }
        for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(allow(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "vantage-probe." + PROBE_ID, PatternType.LITERAL),
                    principal, op));
        }
        acls.add(allow(new ResourcePattern(ResourceType.GROUP, "vantage-probe-spool." + PROBE_ID, PatternType.LITERAL),
                principal, AclOperation.READ));
        return acls;
    }

    private static AclBinding allow(ResourcePattern pattern, String principal, AclOperation op) {
        return new AclBinding(pattern, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }

    /**
     * The client settings a probe needs for this listener. This is what VANTAGE_* configuration would have to
     * carry; neither ProbeConfig nor ProcessorConfig passes them through today (see the reliability README).
     */
    static Map<String, Object> probeClientSecurity(String password) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + saslPort);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"probe\" password=\"" + password + "\";");
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, STORE_PASSWORD);
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return p;
    }

    @Test
    void theProbePrincipalPublishesAMeasurementTheWayThePublisherDoes() throws Exception {
        Map<String, Object> p = probeClientSecurity(PROBE_PASSWORD);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "vantage-probe." + PROBE_ID);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        p.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        AvroSerializer<Measurement> values = new AvroSerializer<>();
        values.configure(p, false);
        Measurement sent = measurement("m-honest-" + UUID.randomUUID());
        try (KafkaProducer<String, Measurement> producer = new KafkaProducer<>(p, new StringSerializer(), values)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(VantageTopic.MEASUREMENTS.topicName(), "PK:17557", sent));
            // Not done here: SpoolingPublisher also commits its spool checkpoint with sendOffsetsToTransaction
            // against partition 0 of vantage.measurements.v1, and TxnOffsetCommit requires READ on that topic,
            // i.e. every probe could read every other probe's measurements. See the reliability README.
            producer.commitTransaction();
        }
        // the operator's read-committed consumer finds it
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroDeserializer<Measurement> decoder = new AvroDeserializer<>(Measurement.class);
        decoder.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, Measurement> consumer = new KafkaConsumer<>(c, new StringDeserializer(), decoder)) {
            TopicPartition tp = new TopicPartition(VantageTopic.MEASUREMENTS.topicName(), partitionOf("PK:17557"));
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!ids.contains(sent.getMeasurementId()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Measurement> r : consumer.poll(Duration.ofMillis(500))) {
                    ids.add(r.value().getMeasurementId());
                }
            }
        }
        assertThat(ids).contains(sent.getMeasurementId());
    }

    @Test
    void theProbePrincipalCannotReadAlerts() {
        Map<String, Object> c = probeClientSecurity(PROBE_PASSWORD);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(VantageTopic.ALERTS.topicName(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 20; i++) {
                    consumer.poll(Duration.ofMillis(500));
                }
            }).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(VantageTopic.ALERTS.topicName());
        }
        denied.add("read alerts (TopicAuthorizationException)");
    }

    @Test
    void theProbePrincipalCannotWriteAlerts() {
        Map<String, Object> p = probeClientSecurity(PROBE_PASSWORD);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(VantageTopic.ALERTS.topicName(), "PK-fake",
                    new byte[] {0, 0, 0, 0, 1})).get(20, TimeUnit.SECONDS))
                    .satisfiesAnyOf(
                            e -> assertThat(e).isInstanceOf(ExecutionException.class)
                                    .cause().isInstanceOf(TopicAuthorizationException.class),
                            e -> assertThat(e).isInstanceOf(TopicAuthorizationException.class));
        }
        denied.add("write alerts (TopicAuthorizationException)");
    }

    @Test
    void theProbePrincipalCannotCreateTopics() {
        try (Admin admin = Admin.create(probeClientSecurity(PROBE_PASSWORD))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("vantage.fake-alerts.v1", 1, (short) 1)))
                    .all().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);
        }
        denied.add("create topics (TopicAuthorizationException)");
    }

    @Test
    void theProbePrincipalCannotUseAnotherProbesTransactionalId() {
        Map<String, Object> p = probeClientSecurity(PROBE_PASSWORD);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "vantage-probe.someone-else");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        denied.add("impersonate another probe's transactional id (TransactionalIdAuthorizationException)");
    }

    @Test
    void aWrongPasswordIsRejectedAtAuthentication() {
        try (Admin admin = Admin.create(probeClientSecurity("not-the-password"))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
        }
        denied.add("connect with a wrong password (SaslAuthenticationException)");
    }

    @Test
    void theProbeCannotRegisterSchemasWithoutRegistryCredentials() {
        try (AvroSerializer<ProbeHeartbeat> probeSide = new AvroSerializer<>()) {
            // auto-registration on (the serde default), no basic.auth.user.info: the POST is refused
            probeSide.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
            ProbeHeartbeat hb = ProbeHeartbeat.newBuilder().setProbeId(PROBE_ID).setCountry("PK").setAsn(17557)
                    .setNetworkType(org.vantage.schema.NetworkType.FIXED).setProbeVersion("test")
                    .setEventTime(Instant.now()).setIntervalMs(60_000).setSimulated(true).build();
            assertThatThrownBy(() -> probeSide.serialize(VantageTopic.HEARTBEATS.topicName(), hb))
                    .isInstanceOf(SerializationException.class)
                    .hasRootCauseInstanceOf(SchemaRegistryException.class)
                    .rootCause().satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus())
                            .isEqualTo(401));
        }
        denied.add("register a schema without registry credentials (HTTP 401)");
    }

    // ---- helpers

    static Measurement measurement(String id) {
        return Measurement.newBuilder().setMeasurementId(id).setProbeId(PROBE_ID).setCountry("PK").setAsn(17557)
                .setRegion("Punjab").setNetworkType(org.vantage.schema.NetworkType.FIXED).setPlatform("twitter")
                .setTargetHost("x.com").setEventTime(Instant.now()).setOutcome(org.vantage.schema.Outcome.OK)
                .setDnsAnswers(List.of()).setTimings(org.vantage.schema.PhaseTimings.newBuilder().setTotalMs(200).build())
                .setProbeVersion("test").setSimulated(true).build();
    }

    static int partitionOf(String key) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % VantageTopic.MEASUREMENTS.partitions();
    }

    /** SCRAM credentials reach the broker's cache through the metadata log; wait until a login succeeds. */
    static void awaitScramCredentialPropagated() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Admin admin = Admin.create(probeClientSecurity(PROBE_PASSWORD))) {
                admin.describeTopics(List.of(VantageTopic.MEASUREMENTS.topicName())).allTopicNames().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the probe principal cannot log in over SASL_SSL", e);
                }
                Thread.sleep(300);
            }
        }
    }

    static void makeSelfSignedCertificate(Path keystore, Path truststore) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path cert = keystore.resolveSibling("broker.crt");
        run(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        run(keytool, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-file", cert.toString());
        run(keytool, "-importcert", "-noprompt", "-alias", "vantage-test-ca", "-file", cert.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", STORE_PASSWORD);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }
}
