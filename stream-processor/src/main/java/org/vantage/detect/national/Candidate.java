package org.vantage.detect.national;

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
        long onsetTime) {

    public List<Long> asns() {
        return networks.stream().map(AffectedNetworkEvidence::asn).sorted().toList();
    }
}
