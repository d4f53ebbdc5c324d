package org.vantage.trust;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * What a probe keeps secret: its identity key pair and its current MAC key. Stored as a properties file readable
 * by its owner only ({@code VANTAGE_PROBE_CREDENTIALS}); written by {@code vantage probes enroll}.
 *
 * @param previousKeyId the key this one replaces during a rotation (null otherwise): the request for the new key
 *                      names it, so the operator's approval knows which key to give a cut-over
 */
public record ProbeCredentials(String probeId, KeyPair identity, String keyId, byte[] secret, String previousKeyId) {

    /** New credentials: a fresh identity and a first MAC key. */
    public static ProbeCredentials generate(String probeId) {
        return new ProbeCredentials(probeId, ProbeIdentity.generate(), newKeyId(), ProbeIdentity.newSecret(), null);
    }

    /** The same identity with a fresh MAC key (a rotation). */
    public ProbeCredentials rotated() {
        return new ProbeCredentials(probeId, identity, newKeyId(), ProbeIdentity.newSecret(), keyId);
    }

    public byte[] publicKey() {
        return identity.getPublic().getEncoded();
    }

    /** A MAC under the current key (one per thread). */
    public RecordMac mac() {
        return new RecordMac(secret);
    }

    private static String newKeyId() {
        byte[] b = new byte[6];
        new java.security.SecureRandom().nextBytes(b);
        return "k" + java.util.HexFormat.of().formatHex(b);
    }

    public void save(Path file) throws IOException {
        Properties p = new Properties();
        Base64.Encoder b64 = Base64.getEncoder();
        p.setProperty("probe_id", probeId);
        p.setProperty("identity_public", b64.encodeToString(identity.getPublic().getEncoded()));
        p.setProperty(
                "identity_private", b64.encodeToString(identity.getPrivate().getEncoded()));
        p.setProperty("key_id", keyId);
        p.setProperty("secret", b64.encodeToString(secret));
        if (previousKeyId != null) {
            p.setProperty("previous_key_id", previousKeyId);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, ".credentials", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection applies
            }
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "Vantage probe credentials: keep secret (identity private key and MAC secret)");
            }
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a credentials file; every problem is named in the exception. */
    public static ProbeCredentials load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        List<String> problems = new ArrayList<>();
        for (String k : List.of("probe_id", "identity_public", "identity_private", "key_id", "secret")) {
            if (p.getProperty(k, "").isBlank()) {
                problems.add(k + " missing");
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException("credentials file " + file + ": " + String.join(", ", problems)
                    + " (create it with 'vantage probes enroll')");
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            KeyPair kp = new KeyPair(
                    ProbeIdentity.publicKey(b64.decode(p.getProperty("identity_public"))),
                    ProbeIdentity.privateKey(b64.decode(p.getProperty("identity_private"))));
            byte[] secret = b64.decode(p.getProperty("secret"));
            if (secret.length != RecordMac.SECRET_BYTES) {
                throw new IOException("credentials file " + file + ": secret must be " + RecordMac.SECRET_BYTES
                        + " bytes, got " + secret.length);
            }
            return new ProbeCredentials(
                    p.getProperty("probe_id"), kp, p.getProperty("key_id"), secret, p.getProperty("previous_key_id"));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("credentials file " + file + ": unreadable key (" + e.getMessage() + ")", e);
        }
    }
}
