package org.vantage.detect.model;

import java.util.List;
import org.vantage.schema.Classification;
import org.vantage.schema.Scope;

/**
 * What one country assessment found for one {@link Slot}: the incident it would open or update.
 *
 * @param immediate    evidence already sustained (network silence is only declared after minutes of
 *                     wall-clock time), so no further windows are needed to open
 * @param evidenceTime event time of the evidence (end of the window judged, or last heard for silence)
 * @param onsetTime    event time the evidence began: start of the first of the consecutive abnormal windows
 *                     behind it, or the last sign of life of a silent network
 * @param sources      how much of the evidence came from each source (own probes, OONI), largest first
 * @param affectedRegions        for evidence confined to regions of networks: each region with its affected networks
 * @param regionsPopulationShare share of the country's population in {@code affectedRegions} (census reference data);
 *                               null when a region has no figure or the evidence is not regional
 */
public record Candidate(
        Slot slot,
        Classification classification,
        Scope scope,
        List<String> regions,
        List<String> platforms,
        List<AffectedNetworkEvidence> networks,
        List<TechniqueFinding> techniques,
        double affectedUserShare,
        double confidence,
        List<String> sampleMeasurementIds,
        boolean immediate,
        long evidenceTime,
        long onsetTime,
        List<SourceEvidence> sources,
        List<AffectedRegion> affectedRegions,
        Double regionsPopulationShare) {

    public Candidate {
        sources = sources == null ? List.of() : sources;
        affectedRegions = affectedRegions == null ? List.of() : affectedRegions;
    }

    /** How much of a candidate's evidence one source gave. */
    public record SourceEvidence(String source, long measurements, int networks) {}

    /** A candidate whose evidence is all from own probes (sources are filled in by the country stage). */
    public Candidate(
            Slot slot,
            Classification classification,
            Scope scope,
            List<String> regions,
            List<String> platforms,
            List<AffectedNetworkEvidence> networks,
            List<TechniqueFinding> techniques,
            double affectedUserShare,
            double confidence,
            List<String> sampleMeasurementIds,
            boolean immediate,
            long evidenceTime,
            long onsetTime) {
        this(
                slot,
                classification,
                scope,
                regions,
                platforms,
                networks,
                techniques,
                affectedUserShare,
                confidence,
                sampleMeasurementIds,
                immediate,
                evidenceTime,
                onsetTime,
                List.of(),
                List.of(),
                null);
    }

    /** A candidate with its evidence per source, not confined to regions of networks. */
    public Candidate(
            Slot slot,
            Classification classification,
            Scope scope,
            List<String> regions,
            List<String> platforms,
            List<AffectedNetworkEvidence> networks,
            List<TechniqueFinding> techniques,
            double affectedUserShare,
            double confidence,
            List<String> sampleMeasurementIds,
            boolean immediate,
            long evidenceTime,
            long onsetTime,
            List<SourceEvidence> sources) {
        this(
                slot,
                classification,
                scope,
                regions,
                platforms,
                networks,
                techniques,
                affectedUserShare,
                confidence,
                sampleMeasurementIds,
                immediate,
                evidenceTime,
                onsetTime,
                sources,
                List.of(),
                null);
    }

    /** This candidate with its evidence per source. */
    public Candidate withSources(List<SourceEvidence> s) {
        return new Candidate(
                slot,
                classification,
                scope,
                regions,
                platforms,
                networks,
                techniques,
                affectedUserShare,
                confidence,
                sampleMeasurementIds,
                immediate,
                evidenceTime,
                onsetTime,
                List.copyOf(s),
                affectedRegions,
                regionsPopulationShare);
    }

    public List<Long> asns() {
        return networks.stream().map(AffectedNetworkEvidence::asn).sorted().toList();
    }
}
