package org.vantage.probe.measure.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed server certificates made at test time with the JDK's own {@code keytool} (run as a
 * child process, so no crypto library is needed), cached per JVM by host names.
 */
public final class TestCertificates {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Map<String, ServerCertificate> CACHE = new ConcurrentHashMap<>();

    private TestCertificates() {}

    /** A key pair and self-signed certificate whose SAN lists {@code dnsNames}. */
    public record ServerCertificate(KeyStore keyStore, X509Certificate certificate) {
        /** A server-side SSL context presenting this certificate. */
        public SSLContext serverContext() {
            try {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore, PASSWORD);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(kmf.getKeyManagers(), null, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static ServerCertificate selfSigned(String... dnsNames) {
        return CACHE.computeIfAbsent(String.join(",", dnsNames), k -> generate(dnsNames));
    }

    /** A trust store (for {@code TlsTrust.of}) holding exactly these certificates. */
    public static KeyStore trustStoreOf(ServerCertificate... certificates) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.length; i++) {
                store.setCertificateEntry("trusted-" + i, certificates[i].certificate());
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a PKCS12 trust store holding these certificates, for code configured by file (e.g. a
     * probe agent started as a child process with {@code TlsTrust.fromFile}).
     */
    public static void writeTrustStore(Path file, char[] password, ServerCertificate... certificates) {
        try (var out = Files.newOutputStream(file)) {
            trustStoreOf(certificates).store(out, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write trust store " + file, e);
        }
    }

    private static ServerCertificate generate(String... dnsNames) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("vantage-test-cert");
            Path keyStoreFile = dir.resolve("server.p12");
            List<String> san = new ArrayList<>();
            for (String name : dnsNames) {
                san.add("dns:" + name);
            }
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(
                            keytool.toString(),
                            "-J-XX:TieredStopAtLevel=1",
                            "-J-XX:+UseSerialGC",
                            "-J-Xshare:auto", // a short-lived tool JVM
                            "-genkeypair",
                            "-alias",
                            "server",
                            "-keyalg",
                            "EC",
                            "-groupname",
                            "secp256r1",
                            "-sigalg",
                            "SHA256withECDSA",
                            "-dname",
                            "CN=" + dnsNames[0],
                            "-ext",
                            "SAN=" + String.join(",", san),
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            keyStoreFile.toString(),
                            "-storepass",
                            new String(PASSWORD),
                            "-keypass",
                            new String(PASSWORD))
                    .redirectErrorStream(true)
                    .start();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (" + process.exitValue() + "): " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStoreFile)) {
                store.load(in, PASSWORD);
            }
            return new ServerCertificate(store, (X509Certificate) store.getCertificate("server"));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a test certificate for " + String.join(",", dnsNames), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
