package org.vantage.trust;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.regex.Pattern;

/**
 * A probe's long-lived identity: an Ed25519 key pair from the JDK. It signs the probe's enrollment and
 * key-rotation requests (rare), never its measurements (see {@link RecordMac} for why).
 */
public final class ProbeIdentity {
    public static final String ALGORITHM = "Ed25519";
    /** Probe ids that can be enrolled: no separators that would make headers, keys or ACL names ambiguous. */
    public static final Pattern PROBE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private ProbeIdentity() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
        }
    }

    /** A fresh MAC secret. */
    public static byte[] newSecret() {
        byte[] s = new byte[RecordMac.SECRET_BYTES];
        RANDOM.nextBytes(s);
        return s;
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    /** False for a wrong signature and for a key that is not an Ed25519 public key. */
    public static boolean verify(byte[] publicKeyDer, byte[] data, byte[] signature) {
        if (publicKeyDer == null || signature == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(publicKey(publicKeyDer));
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    }

    public static PrivateKey privateKey(byte[] der) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Short fingerprint of a public key for listings: the first 8 bytes of its SHA-256, hex. */
    public static String fingerprint(byte[] publicKeyDer) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(publicKeyDer);
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
