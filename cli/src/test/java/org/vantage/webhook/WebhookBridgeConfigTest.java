package org.vantage.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookBridgeConfigTest {

    static WebhookBridgeConfig config(List<URI> urls, String secret) {
        return new WebhookBridgeConfig(
                urls, secret, "g", false, RetrySchedule.defaults(), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void commaSeparatedUrlsFromTheEnvironment() {
        assertThat(WebhookBridgeConfig.parseUrls(" https://a.example/hook, ,http://127.0.0.1:9000/x "))
                .containsExactly(URI.create("https://a.example/hook"), URI.create("http://127.0.0.1:9000/x"));
        assertThat(WebhookBridgeConfig.parseUrls(null)).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> config(List.of(URI.create("ftp://x/y"), URI.create("/relative")), "short"))
                .hasMessageContaining("'ftp://x/y'")
                .hasMessageContaining("'/relative'")
                .hasMessageContaining("VANTAGE_WEBHOOK_SECRET");
        assertThatThrownBy(() -> config(List.of(), "0123456789abcdef")).hasMessageContaining("VANTAGE_WEBHOOK_URLS");
    }

    @Test
    void pollIntervalBudgetCoversEveryAttemptTimingOut() {
        WebhookBridgeConfig c = config(List.of(URI.create("https://a.example/")), "0123456789abcdef");
        // 1+2+4+8+16 s of backoff plus 6 attempts of (5 s connect + 10 s answer)
        assertThat(c.worstCaseDelivery()).isEqualTo(Duration.ofSeconds(31 + 6 * 15));
    }
}
