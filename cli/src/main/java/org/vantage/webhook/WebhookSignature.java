package org.vantage.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signature of a webhook delivery. The signed content is {@code <timestamp>.<raw body>}, where
 * the timestamp (Unix seconds) travels in {@link #TIMESTAMP_HEADER}: a receiver that rejects old timestamps
 * cannot be fooled by a captured request replayed later, and the timestamp cannot be changed without
 * breaking the signature. Same scheme as Stripe's and Slack's webhooks, so receivers know it.
 */
public final class WebhookSignature {

    /** {@code sha256=<lower-case hex HMAC-SHA256(secret, timestamp + "." + body)>}. */
    public static final String SIGNATURE_HEADER = "X-Vantage-Signature";
    /** Unix time in seconds at which the request was signed. */
    public static final String TIMESTAMP_HEADER = "X-Vantage-Timestamp";

    static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public WebhookSignature(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhook secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The value of {@link #SIGNATURE_HEADER} for this body signed at {@code epochSeconds}. */
    public String sign(long epochSeconds, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(epochSeconds, body));
    }

    /**
     * Receiver side: true when the signature header matches the body and timestamp and the timestamp is
     * within {@code tolerance} of {@code now} (either direction, for clock differences).
     */
    public boolean verify(
            String timestampHeader, String signatureHeader, byte[] body, Instant now, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || !signatureHeader.startsWith(PREFIX)) {
            return false;
        }
        long ts;
        byte[] given;
        try {
            ts = Long.parseLong(timestampHeader.trim());
            given = HexFormat.of()
                    .parseHex(signatureHeader.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            return false;
        }
        // constant-time comparison: no timing side channel on how many bytes matched
        return MessageDigest.isEqual(mac(ts, body), given);
    }

    private byte[] mac(long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }
}
