package org.vantage.probe.measure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates the TLS phase trusts. Deployed probes use the JDK's default trust store (the
 * public web PKI); tests and labs supply their own store holding a test certificate.
 */
public final class TlsTrust {
    private final SSLContext context;
    private final String description;

    private TlsTrust(SSLContext context, String description) {
        this.context = context;
        this.description = description;
    }

    /** The JDK's default trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore}). */
    public static TlsTrust systemDefault() {
        try {
            return fromKeyStore(null, "JDK default trust store");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise the JDK default trust store: " + e.getMessage(), e);
        }
    }

    /** Trusts exactly the certificates in {@code trustStore}. */
    public static TlsTrust of(KeyStore trustStore) {
        Objects.requireNonNull(trustStore, "trustStore");
        try {
            return fromKeyStore(trustStore, "trust store with " + trustStore.size() + " entries");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable trust store: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a trust store file (PKCS12 or JKS).
     *
     * @throws IllegalArgumentException naming the file when it is missing, unreadable or the
     *     password is wrong
     */
    public static TlsTrust fromFile(Path path, char[] password, String type) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("trust store file not found: " + path.toAbsolutePath());
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type);
            store.load(in, password);
            return fromKeyStore(store, "trust store " + path);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot load trust store " + path.toAbsolutePath() + " (type " + type + "): " + e.getMessage(), e);
        }
    }

    private static TlsTrust fromKeyStore(KeyStore store, String description) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return new TlsTrust(context, description);
    }

    SSLContext sslContext() {
        return context;
    }

    @Override
    public String toString() {
        return description;
    }
}
