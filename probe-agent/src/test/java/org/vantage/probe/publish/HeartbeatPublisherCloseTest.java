package org.vantage.probe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vantage.probe.metrics.ProbeMetrics;

class HeartbeatPublisherCloseTest {

    @Test
    void closingFromAnInterruptedThreadClosesQuietlyAndKeepsTheInterrupt() {
        // nothing listens there: the producer is created and closed without ever connecting
        PublisherSettings settings =
                new PublisherSettings("127.0.0.1:9", "mock://heartbeat-close", "close-test", Duration.ofSeconds(1), 10);
        HeartbeatPublisher publisher = new HeartbeatPublisher(settings, new ProbeMetrics(new SimpleMeterRegistry()));
        Thread.currentThread().interrupt(); // how the demo and `simulate` stop their simulation thread
        assertThatCode(publisher::close).doesNotThrowAnyException();
        assertThat(Thread.interrupted())
                .as("the interrupt is kept for the caller")
                .isTrue();
    }
}
