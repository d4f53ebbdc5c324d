package org.vantage.detect.global;

import org.vantage.detect.model.PlatformStatus;
import org.vantage.schema.DisruptionAlert;

/** What the global stage emits: the global incident's alerts, and each platform's status once per decided window. */
public sealed interface GlobalOutput {
    record Alert(DisruptionAlert alert) implements GlobalOutput {}

    record Status(PlatformStatus status) implements GlobalOutput {}
}
