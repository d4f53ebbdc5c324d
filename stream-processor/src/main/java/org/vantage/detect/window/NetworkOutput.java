package org.vantage.detect.window;

import org.vantage.detect.validate.DeadLetter;
import org.vantage.detect.verdict.NetworkStatus;

/**
 * What the per-network stage emits: a window status, or a dead letter (a record validation rejected, passed
 * through, or a measurement that arrived after its window closed).
 */
public sealed interface NetworkOutput {
    record Status(NetworkStatus status) implements NetworkOutput {
    }

    record DeadLettered(DeadLetter deadLetter) implements NetworkOutput {
    }
}
