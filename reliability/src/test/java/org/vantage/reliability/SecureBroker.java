package org.vantage.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.vantage.stack.KafkaBrokerProcess;

/**
 * A real broker (child JVM) for tests that need authenticated principals ({@link BrokerSecurityTest},
 * {@link ProbeQuotaTest}): a SASL_SSL listener (SCRAM-SHA-512, a self-signed certificate made with keytool at
 * start), the KRaft {@code StandardAuthorizer} with deny by default, and a PLAINTEXT loopback listener whose
 * ANONYMOUS principal is a super user (the operator's side: topics, users, ACLs, quotas).
 *
 * <p>Principals reach the SASL_SSL listener either with settings in code ({@link #clientSecurity}) or, the way
 * the applications are configured, through a client properties file ({@link #clientPropertiesFile}); both hold
 * the same login ({@link #saslLogin}).
 */
final class SecureBroker implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final KafkaBrokerProcess broker;
    private final Path dir;
    private final int saslPort;
    private final Path truststore;
    private final String storePassword;

    private SecureBroker(KafkaBrokerProcess broker, Path dir, int saslPort, Path truststore, String storePassword) {
        this.broker = broker;
        this.dir = dir;
        this.saslPort = saslPort;
        this.truststore = truststore;
        this.storePassword = storePassword;
    }

    /** Starts the broker with its data, certificate and stores in {@code dir}; extra broker settings last. */
    static SecureBroker start(Path dir, Map<String, String> extraBrokerProperties)
            throws IOException, InterruptedException {
        String storePassword = "store-" + UUID.randomUUID();
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        makeSelfSignedCertificate(keystore, truststore, storePassword);
        int[] ports = freePorts(3);
        int saslPort = ports[2];
        KafkaBrokerProcess.Builder b = KafkaBrokerProcess.builder()
                .dataDir(dir.resolve("kafka"))
                .port(ports[0])
                .controllerPort(ports[1])
                .property(
                        "listeners",
                        "PLAINTEXT://" + HOST + ":" + ports[0] + ",CONTROLLER://" + HOST + ":" + ports[1]
                                + ",SASL_SSL://" + HOST + ":" + saslPort)
                .property(
                        "advertised.listeners",
                        "PLAINTEXT://" + HOST + ":" + ports[0] + ",SASL_SSL://" + HOST + ":" + saslPort)
                .property(
                        "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL")
                .property("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .property(
                        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .property("ssl.keystore.type", "PKCS12")
                .property("ssl.keystore.location", keystore.toString())
                .property("ssl.keystore.password", storePassword)
                .property("ssl.key.password", storePassword)
                .property("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .property("allow.everyone.if.no.acl.found", "false")
                .property("super.users", "User:ANONYMOUS");
        extraBrokerProperties.forEach(b::property);
        return new SecureBroker(b.start(), dir, saslPort, truststore, storePassword);
    }

    /** The PLAINTEXT listener: no login, the ANONYMOUS super user. For the operator's side only. */
    String operatorBootstrap() {
        return broker.bootstrapServers();
    }

    /** The SASL_SSL listener, where every principal under test connects. */
    String saslBootstrap() {
        return HOST + ":" + saslPort;
    }

    /** Operator's Admin on the PLAINTEXT listener (super user). */
    Admin operatorAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, operatorBootstrap()));
    }

    // ---- principals and their rights

    /** Creates (or updates) the SCRAM-SHA-512 credentials of {@code passwords}' users, in one request. */
    void createUsers(Admin operator, Map<String, String> passwords) throws Exception {
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        passwords.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(
                user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)));
        operator.alterUserScramCredentials(upserts).all().get(30, TimeUnit.SECONDS);
    }

    /** Creates {@code acls}, in one request. */
    void grant(Admin operator, Collection<AclBinding> acls) throws Exception {
        operator.createAcls(acls).all().get(30, TimeUnit.SECONDS);
    }

    /** WRITE + DESCRIBE on {@code topic} for {@code User:<user>}: what an idempotent producer of that topic needs. */
    static List<AclBinding> produceAcls(String user, String topic) {
        return allow(user, literal(ResourceType.TOPIC, topic), AclOperation.WRITE, AclOperation.DESCRIBE);
    }

    /** ALLOW each of {@code ops} on {@code resource} to {@code User:<user>}, from any host. */
    static List<AclBinding> allow(String user, ResourcePattern resource, AclOperation... ops) {
        return Arrays.stream(ops)
                .map(op -> new AclBinding(
                        resource, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)))
                .toList();
    }

    static ResourcePattern literal(ResourceType type, String name) {
        return new ResourcePattern(type, name, PatternType.LITERAL);
    }

    static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }

    // ---- client settings

    /** What {@code user} needs to log in over SASL_SSL (no address): what its client properties file holds. */
    Map<String, String> saslLogin(String user, String password) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        p.put(
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required " + "username=\"" + user
                        + "\" password=\"" + password + "\";");
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, storePassword);
        return p;
    }

    /** The SASL_SSL address with short timeouts, so that a refused or failing client gives up within a test. */
    Map<String, Object> saslListener() {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                saslBootstrap(),
                CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000);
    }

    /** Client settings of {@code user} for the SASL_SSL listener (bootstrap included), mutable. */
    Map<String, Object> clientSecurity(String user, String password) {
        Map<String, Object> p = new HashMap<>(saslLogin(user, password));
        p.putAll(saslListener());
        return p;
    }

    /**
     * {@code user}'s login as a client properties file, as an operator would hand it to one application, with
     * {@code extra} (whole lines) appended; a new file in the broker's directory on every call.
     */
    Path clientPropertiesFile(String user, String password, String extra) throws IOException {
        Path file = dir.resolve(user + "-" + UUID.randomUUID().toString().substring(0, 8) + ".properties");
        StringBuilder text = new StringBuilder();
        // Properties syntax: backslashes are escapes (a Windows path), the JAAS quotes are literal
        saslLogin(user, password)
                .forEach((k, v) -> text.append(k)
                        .append('=')
                        .append(v.replace("\\", "\\\\"))
                        .append('\n'));
        Files.writeString(file, text + extra, StandardCharsets.ISO_8859_1);
        return file;
    }

    /** SCRAM credentials reach the broker's cache through the metadata log; waits until {@code user} can log in. */
    void awaitLogin(String user, String password, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Admin admin = Admin.create(clientSecurity(user, password))) {
                admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(user + " cannot log in over SASL_SSL", e);
                }
                Thread.sleep(300);
            }
        }
    }

    @Override
    public void close() {
        broker.stop();
    }

    // ---- set-up

    /**
     * keytool makes the key pair and self-signed certificate (the JDK has no public API for that); the truststore
     * holding only that certificate is written in-process, which saves two more keytool JVMs on a busy machine.
     */
    private static void makeSelfSignedCertificate(Path keystore, Path truststore, String password)
            throws IOException, InterruptedException {
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
                keytool,
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                password,
                "-keypass",
                password);
        try (InputStream in = Files.newInputStream(keystore);
                OutputStream out = Files.newOutputStream(truststore)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password.toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("vantage-test-ca", keys.getCertificate("broker"));
            trust.store(out, password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the truststore " + truststore, e);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** {@code count} distinct loopback ports free just now (also used by tests that start plain brokers). */
    static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
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
