package org.vantage.detect.config;

import java.time.Duration;

/**
 * What the incident lifecycle uses of {@link DetectionThresholds}: how many assessments open and resolve an incident,
 * when an earlier incident counts as related, and the longest sparse horizon (an incident seen only by a sparse source
 * resolves no sooner than its evidence can have aged out), and how late evidence revises incidents.
 */
public record IncidentSettings(
        Duration windowSize,
        int openAfterWindows,
        int resolveAfterWindows,
        double relatedMinSimilarity,
        Duration longestSparseHorizon,
        LateEvidenceSettings late) {

    public long windowMs() {
        return windowSize.toMillis();
    }
}
