package org.vantage.probe.measure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A target list: what to measure and how to recognise block pages. Control targets (platform
 * {@value MeasurementTarget#CONTROL}) are sites not expected to be blocked, so that "platform
 * blocked" can be told apart from "network down".
 */
public record TargetList(
        String version, List<MeasurementTarget> targets, List<BlockPageFingerprint> blockPageFingerprints) {
    public TargetList {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("target list needs a version");
        }
        targets = List.copyOf(targets);
        blockPageFingerprints = List.copyOf(blockPageFingerprints);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("target list " + version + " has no targets");
        }
    }

    /** Platforms in order of first appearance, including {@code control}. */
    public Set<String> platforms() {
        Set<String> platforms = new LinkedHashSet<>();
        targets.forEach(t -> platforms.add(t.platform()));
        return platforms;
    }

    public List<MeasurementTarget> forPlatform(String platform) {
        return targets.stream().filter(t -> t.platform().equals(platform)).toList();
    }

    public List<MeasurementTarget> controlTargets() {
        return forPlatform(MeasurementTarget.CONTROL);
    }
}
