package org.vantage.detect.verdict;

import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.validate.DeadLetter;

/**
 * What the per-network stage emits: a window status, or a dead letter (a record validation rejected, passed
 * through, or a measurement that arrived after its window closed).
 */
public sealed interface NetworkOutput {
    record Status(NetworkStatus status) implements NetworkOutput {}

    record DeadLettered(DeadLetter deadLetter) implements NetworkOutput {}
}
