package org.vantage.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    static final String SECRET = "test-secret-0123456789";
    static final byte[] BODY = "{\"alert_id\":\"PK-1#1\"}".getBytes(StandardCharsets.UTF_8);
    static final long TS = 1705758000L;
    static final Instant NOW = Instant.ofEpochSecond(TS + 10);
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void matchesAnIndependentHmacImplementation() {
        // expected value from Python: hmac.new(secret, b"1705758000." + body, hashlib.sha256).hexdigest()
        assertThat(new WebhookSignature(SECRET).sign(TS, BODY))
                .isEqualTo("sha256=6f7f54e649c31ce30bc208ef1b53457e0db5f10b19042f9a8c85082bc932d084");
    }

    @Test
    void receiverAcceptsWhatTheSenderSigned() {
        WebhookSignature s = new WebhookSignature(SECRET);
        assertThat(s.verify(Long.toString(TS), s.sign(TS, BODY), BODY, NOW, TOLERANCE))
                .isTrue();
    }

    @Test
    void changedBodyWrongSecretOrMovedTimestampAreRejected() {
        WebhookSignature s = new WebhookSignature(SECRET);
        String sig = s.sign(TS, BODY);
        byte[] tampered = "{\"alert_id\":\"PK-1#2\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(s.verify(Long.toString(TS), sig, tampered, NOW, TOLERANCE)).isFalse();
        assertThat(new WebhookSignature("another-secret-0123456").verify(Long.toString(TS), sig, BODY, NOW, TOLERANCE))
                .isFalse();
        // the timestamp is signed: shifting it to look fresh breaks the signature
        assertThat(s.verify(Long.toString(TS + 1), sig, BODY, NOW, TOLERANCE)).isFalse();
    }

    @Test
    void replayOutsideTheToleranceIsRejected() {
        WebhookSignature s = new WebhookSignature(SECRET);
        String sig = s.sign(TS, BODY);
        assertThat(s.verify(
                        Long.toString(TS), sig, BODY, Instant.ofEpochSecond(TS).plus(Duration.ofMinutes(6)), TOLERANCE))
                .isFalse();
        assertThat(s.verify(
                        Long.toString(TS),
                        sig,
                        BODY,
                        Instant.ofEpochSecond(TS).minus(Duration.ofMinutes(6)),
                        TOLERANCE))
                .isFalse();
    }

    @Test
    void malformedHeadersAreRejectedNotThrown() {
        WebhookSignature s = new WebhookSignature(SECRET);
        String sig = s.sign(TS, BODY);
        assertThat(s.verify(null, sig, BODY, NOW, TOLERANCE)).isFalse();
        assertThat(s.verify("yesterday", sig, BODY, NOW, TOLERANCE)).isFalse();
        assertThat(s.verify(Long.toString(TS), sig.substring("sha256=".length()), BODY, NOW, TOLERANCE))
                .isFalse();
        assertThat(s.verify(Long.toString(TS), "sha256=zz", BODY, NOW, TOLERANCE))
                .isFalse();
    }

    @Test
    void emptySecretIsRefused() {
        assertThatThrownBy(() -> new WebhookSignature("")).hasMessageContaining("secret");
    }
}
