package org.vantage.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The per-record proof of origin: HMAC-SHA256, under the probe's enrolled secret, over the topic, the record key
 * ({@code CC:ASN}) and the value bytes, carried in three record headers. Covering the key and topic is what makes
 * a record useless under another network's key or on another topic.
 *
 * <p>Why a MAC and not a signature per record: the JDK's Ed25519 verification costs milliseconds on a busy core,
 * which at the detector's rate (over a hundred thousand records a second per core) is out of the question; an
 * HMAC over a few hundred bytes costs a few microseconds. The price is that the detector holds every probe's
 * secret (the enrolled-probes topic is readable only by the detector and operators); the probe's Ed25519 identity
 * key signs what is rare (its enrollment and key-rotation requests), so a MAC secret is only ever bound to a probe
 * by the holder of its identity key.
 *
 * <p>Not thread-safe: one instance per thread (it keeps one {@link Mac} per secret).
 */
public final class RecordMac {
    /** Header: the probe id the record is signed for. */
    public static final String PROBE_HEADER = "vantage.probe";
    /** Header: the id of the MAC key used. */
    public static final String KEY_HEADER = "vantage.key";
    /** Header: the 32-byte HMAC-SHA256. */
    public static final String MAC_HEADER = "vantage.mac";

    public static final String ALGORITHM = "HmacSHA256";
    public static final int SECRET_BYTES = 32;

    private final Mac mac;
    private final byte[] length = new byte[4];

    public RecordMac(byte[] secret) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable in this JDK", e);
        }
    }

    /** The MAC of one record; a null key or value counts as empty, with its own length marker. */
    public byte[] compute(String topic, byte[] key, byte[] value) {
        field(topic.getBytes(StandardCharsets.UTF_8));
        field(key);
        field(value);
        return mac.doFinal();
    }

    /** Constant-time comparison with a received MAC. */
    public boolean matches(String topic, byte[] key, byte[] value, byte[] received) {
        return received != null && MessageDigest.isEqual(compute(topic, key, value), received);
    }

    /** Adds the three headers, replacing any the record had. */
    public void sign(Headers headers, String probeId, String keyId, String topic, byte[] key, byte[] value) {
        headers.remove(PROBE_HEADER).remove(KEY_HEADER).remove(MAC_HEADER);
        headers.add(PROBE_HEADER, probeId.getBytes(StandardCharsets.UTF_8));
        headers.add(KEY_HEADER, keyId.getBytes(StandardCharsets.UTF_8));
        headers.add(MAC_HEADER, compute(topic, key, value));
    }

    /** The last value of a header as UTF-8, or null. */
    public static String header(Headers headers, String name) {
        byte[] v = headerBytes(headers, name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    public static byte[] headerBytes(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header h = headers.lastHeader(name);
        return h == null ? null : h.value();
    }

    /** Length-prefixed, so that moving bytes between key and value changes the MAC. */
    private void field(byte[] bytes) {
        int n = bytes == null ? -1 : bytes.length;
        length[0] = (byte) (n >>> 24);
        length[1] = (byte) (n >>> 16);
        length[2] = (byte) (n >>> 8);
        length[3] = (byte) n;
        mac.update(length);
        if (bytes != null) {
            mac.update(bytes);
        }
    }
}
