package org.vantage.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.SchemaRegistryException;

/**
 * REST client behaviour that the real embedded registry cannot provoke: 5xx answers, dead servers,
 * slow answers, TLS. A JDK HTTP server plays the registry with scripted answers.
 */
class RestSchemaRegistryClientTest {

    private static final Schema SCHEMA = new Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");

    /** One scripted answer: status and body. */
    private record Answer(int status, String body, long delayMs) {
        static Answer ok(String body) {
            return new Answer(200, body, 0);
        }

        static Answer status(int status, String body) {
            return new Answer(status, body, 0);
        }
    }

    /** A request as the stub saw it. */
    private record Seen(String method, String path, Map<String, String> headers, String body) {}

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        seen.add(new Seen(
                ex.getRequestMethod(),
                ex.getRequestURI().toString(),
                headers,
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Answer a;
        synchronized (script) {
            a = script.size() > 1 ? script.poll() : script.peek();
        }
        if (a.delayMs() > 0) {
            try {
                Thread.sleep(a.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
        ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    private static RestSchemaRegistryClient client(String url, Map<String, Object> extra) {
        Map<String, Object> cfg = new HashMap<>(extra);
        cfg.put(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, url);
        cfg.putIfAbsent(SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 5);
        cfg.putIfAbsent(SchemaRegistryClientConfig.RETRY_BACKOFF_MAX_MS, 20);
        return new RestSchemaRegistryClient(SchemaRegistryClientConfig.fromMap(cfg));
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void retries503WithBackoffThenSucceeds() throws Exception {
        script.add(Answer.status(503, "{\"error_code\":50003,\"message\":\"busy\"}"));
        script.add(Answer.status(503, "{\"error_code\":50003,\"message\":\"busy\"}"));
        script.add(Answer.ok("{\"id\":7}"));
        RestSchemaRegistryClient c = client(startStub(), Map.of(SchemaRegistryClientConfig.MAX_RETRIES, 3));

        assertThat(c.register("s-value", SCHEMA)).isEqualTo(7);
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0).method()).isEqualTo("POST");
        assertThat(seen.get(0).path()).isEqualTo("/subjects/s-value/versions");
        assertThat(seen.get(0).headers().get("content-type")).isEqualTo(RestSchemaRegistryClient.CONTENT_TYPE);
        assertThat(seen.get(0).body()).contains("\"schema\"");
    }

    @Test
    void givesUpAfterTheConfiguredRetriesWithTheLastError() throws Exception {
        script.add(Answer.status(503, "{\"error_code\":50003,\"message\":\"still busy\"}"));
        RestSchemaRegistryClient c = client(startStub(), Map.of(SchemaRegistryClientConfig.MAX_RETRIES, 2));

        assertThatThrownBy(() -> c.getSchemaById(1)).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.errorCode()).isEqualTo(50003);
            assertThat(e.getMessage()).contains("still busy").contains("gave up after 3 attempts");
        });
        assertThat(seen).hasSize(3);
    }

    @Test
    void doesNotRetryClientErrorsAndCarriesTheConfluentCode() throws Exception {
        script.add(Answer.status(404, "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}"));
        RestSchemaRegistryClient c = client(startStub(), Map.of(SchemaRegistryClientConfig.MAX_RETRIES, 3));

        assertThatThrownBy(() -> c.getLatestVersion("x")).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo(40401);
            assertThat(e.isNotFound()).isTrue();
            assertThat(e.getMessage()).contains("Subject 'x' not found.");
        });
        assertThat(seen).hasSize(1);
    }

    @Test
    void retriesConnectionFailuresAndFailsOverToTheNextUrl() throws Exception {
        script.add(Answer.ok(
                "{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(SCHEMA.toString()) + "}"));
        String live = startStub();
        RestSchemaRegistryClient c = client(
                "http://127.0.0.1:" + deadPort() + "," + live, Map.of(SchemaRegistryClientConfig.MAX_RETRIES, 1));
        assertThat(c.getSchemaById(3)).isEqualTo(SCHEMA);
        assertThat(seen).hasSize(1);
    }

    @Test
    void unreachableRegistryFailsWithoutStatusAfterRetries() throws Exception {
        RestSchemaRegistryClient c =
                client("http://127.0.0.1:" + deadPort(), Map.of(SchemaRegistryClientConfig.MAX_RETRIES, 2));
        assertThatThrownBy(() -> c.getAllSubjects()).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isZero();
            assertThat(e.getMessage()).contains("ConnectException").contains("gave up after 3 attempts");
        });
    }

    @Test
    void slowAnswerHitsTheRequestTimeout() throws Exception {
        script.add(new Answer(200, "[]", 1_000));
        RestSchemaRegistryClient c = client(
                startStub(),
                Map.of(SchemaRegistryClientConfig.MAX_RETRIES, 0, SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS, 200));
        assertThatThrownBy(() -> c.getAllSubjects())
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.getMessage()).contains("HttpTimeoutException"));
    }

    @Test
    void cachesSchemasByIdAndIdsBySubject() throws Exception {
        String schemaJson = com.fasterxml.jackson.databind.node.TextNode.valueOf(SCHEMA.toString())
                .toString();
        script.add(Answer.ok("{\"id\":5}"));
        script.add(Answer.ok("{\"schema\":" + schemaJson + "}"));
        RestSchemaRegistryClient c = client(startStub(), Map.of());

        assertThat(c.register("s-value", SCHEMA)).isEqualTo(5);
        assertThat(c.register("s-value", SCHEMA)).isEqualTo(5);
        assertThat(c.getId("s-value", SCHEMA)).isEqualTo(5);
        assertThat(c.getSchemaById(5)).isEqualTo(SCHEMA); // learnt from the registration
        assertThat(seen).hasSize(1);
        script.clear();
        script.add(Answer.ok("{\"schema\":" + schemaJson + "}"));
        assertThat(c.getSchemaById(9)).isEqualTo(SCHEMA);
        assertThat(c.getSchemaById(9)).isEqualTo(SCHEMA);
        assertThat(seen).hasSize(2);
    }

    @Test
    void sendsBasicAuthAndEncodesSubjects() throws Exception {
        script.add(Answer.ok("[1,2]"));
        RestSchemaRegistryClient c =
                client(startStub(), Map.of(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, "probe:pa:ss"));
        assertThat(c.getAllVersions("a b/c-value")).containsExactly(1, 2);
        assertThat(seen.get(0).path()).isEqualTo("/subjects/a%20b%2Fc-value/versions");
        assertThat(seen.get(0).headers().get("authorization"))
                .isEqualTo(
                        "Basic " + Base64.getEncoder().encodeToString("probe:pa:ss".getBytes(StandardCharsets.UTF_8)));
        assertThat(seen.get(0).headers().get("accept")).contains(RestSchemaRegistryClient.CONTENT_TYPE);
    }

    @Test
    void compatibilityOfASubjectFallsBackToGlobalOnOlderRegistries() throws Exception {
        script.add(Answer.status(404, "{\"error_code\":40408,\"message\":\"no subject level\"}"));
        script.add(Answer.ok("{\"compatibilityLevel\":\"FULL\"}"));
        RestSchemaRegistryClient c = client(startStub(), Map.of());
        assertThat(c.getCompatibility("s")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(seen.get(0).path()).isEqualTo("/config/s?defaultToGlobal=true");
        assertThat(seen.get(1).path()).isEqualTo("/config");
    }

    @Test
    void httpsWithAConfiguredTrustStore(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.pem");
        Path truststore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "registry",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "registry",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "registry",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                "trustpw");

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        https.createContext("/", this::handle);
        https.start();
        server = https;
        script.add(Answer.ok("[\"tls-value\"]"));
        String url = "https://127.0.0.1:" + https.getAddress().getPort();

        RestSchemaRegistryClient trusting = client(
                url,
                Map.of(
                        SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION, truststore.toString(),
                        SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD, "trustpw",
                        SchemaRegistryClientConfig.SSL_TRUSTSTORE_TYPE, "PKCS12"));
        assertThat(trusting.getAllSubjects()).containsExactly("tls-value");

        RestSchemaRegistryClient untrusting = client(url, Map.of(SchemaRegistryClientConfig.MAX_RETRIES, 0));
        assertThatThrownBy(untrusting::getAllSubjects)
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.getMessage()).containsIgnoringCase("SSL"));

        assertThatThrownBy(() -> client(
                        url,
                        Map.of(
                                SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION,
                                truststore.toString(),
                                SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD,
                                "wrong")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot load trust store");
    }

    @Test
    void invalidSettingsFailFastNamingTheKey() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromMap(
                        Map.of("schema.registry.url", "http://h:1", SchemaRegistryClientConfig.MAX_RETRIES, "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryClientConfig.MAX_RETRIES);
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromMap(Map.of(
                        "schema.registry.url", "http://h:1", SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS, "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS);
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromMap(Map.of(
                        "schema.registry.url",
                        "http://h:1",
                        SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO,
                        "nocolon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO)
                .hasMessageNotContaining("nocolon");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromMap(Map.of(
                        "schema.registry.url",
                        "http://h:1",
                        SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION,
                        "/nonexistent/trust.p12")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not readable");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromMap(Map.of("schema.registry.url", "mock://")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scope");
        assertThat(SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://cfg-test")))
                .isSameAs(InMemorySchemaRegistryClient.forScope("cfg-test"));
        assertThat(SchemaRegistryClients.create(Map.of("schema.registry.url", "http://127.0.0.1:1")))
                .isInstanceOf(RestSchemaRegistryClient.class);
        InMemorySchemaRegistryClient.dropScope("cfg-test");
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}
