package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class UncaughtExceptionPolicyTest {
    @Test
    void aFailedStreamThreadIsReplaced() {
        assertThat(DetectionService.onUncaught(new IllegalStateException("boom"), "vantage-detect-1b2c-StreamThread-1"))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void aFailedGlobalThreadShutsTheClientDownInsteadOfAskingForAnImpossibleReplacement() {
        assertThat(DetectionService.onUncaught(
                        new IllegalStateException("offset out of range"), "vantage-detect-1b2c-GlobalStreamThread"))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
