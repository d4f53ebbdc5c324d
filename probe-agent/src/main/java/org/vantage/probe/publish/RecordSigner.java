package org.vantage.probe.publish;

import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.vantage.trust.ProbeCredentials;
import org.vantage.trust.RecordMac;

/**
 * Signs what a publisher sends for the probes it holds credentials of (one for a real probe, every virtual probe's
 * for the fleet simulator): an HMAC over topic, key and value bytes in the record headers ({@link RecordMac}).
 * Records of other probes go out unsigned. Thread-safe.
 */
public final class RecordSigner {
    private static final RecordSigner NONE = new RecordSigner(Map.of());

    private final Map<String, ProbeCredentials> credentials;
    private final Map<String, RecordMac> macs = new java.util.concurrent.ConcurrentHashMap<>();

    private RecordSigner(Map<String, ProbeCredentials> credentials) {
        this.credentials = Map.copyOf(credentials);
    }

    public static RecordSigner none() {
        return NONE;
    }

    public static RecordSigner of(ProbeCredentials c) {
        return c == null ? NONE : new RecordSigner(Map.of(c.probeId(), c));
    }

    public static RecordSigner of(Map<String, ProbeCredentials> byProbe) {
        return byProbe.isEmpty() ? NONE : new RecordSigner(byProbe);
    }

    public boolean signs() {
        return !credentials.isEmpty();
    }

    /** Adds the signature headers when {@code probeId} is one of this signer's probes. */
    public void sign(Headers headers, String topic, String probeId, String key, byte[] value) {
        ProbeCredentials c = probeId == null ? null : credentials.get(probeId);
        if (c == null) {
            return;
        }
        RecordMac mac = macs.computeIfAbsent(probeId, id -> c.mac());
        synchronized (mac) {
            mac.sign(
                    headers,
                    c.probeId(),
                    c.keyId(),
                    topic,
                    key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    value);
        }
    }
}
