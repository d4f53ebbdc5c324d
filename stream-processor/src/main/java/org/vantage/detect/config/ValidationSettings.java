package org.vantage.detect.config;

import java.time.Duration;
import java.util.Set;

/**
 * What the validation stage uses of {@link DetectionThresholds}: the accepted platforms, the bounds on event time and
 * which probes are believed.
 */
public record ValidationSettings(Duration maxFutureSkew, Duration maxAge, Set<String> platforms, TrustSettings trust) {}
