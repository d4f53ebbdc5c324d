package org.vantage.detect.incident;

import org.vantage.detect.model.Candidate;
import org.vantage.detect.model.IncidentState;
import org.vantage.schema.AlertStatus;

/**
 * One state change of an incident, to be published as a DisruptionAlert.
 *
 * @param evidenceTime event time of the evidence behind the change
 * @param endTime      event time of the recovery, for RESOLVED
 * @param peak         the incident at its widest so far (null only where no history was kept)
 * @param late         how much late evidence confirmed the incident so far; null when none
 */
record IncidentChange(
        AlertStatus status,
        String incidentId,
        int sequence,
        String country,
        Candidate candidate,
        long startTime,
        long evidenceTime,
        Long endTime,
        java.util.List<IncidentState.Related> related,
        Peak peak,
        org.vantage.detect.model.LateConfirmation late) {

    IncidentChange(
            AlertStatus status,
            String incidentId,
            int sequence,
            String country,
            Candidate candidate,
            long startTime,
            long evidenceTime,
            Long endTime,
            java.util.List<IncidentState.Related> related,
            Peak peak) {
        this(status, incidentId, sequence, country, candidate, startTime, evidenceTime, endTime, related, peak, null);
    }

    public IncidentChange(
            AlertStatus status,
            String incidentId,
            int sequence,
            String country,
            Candidate candidate,
            long startTime,
            long evidenceTime,
            Long endTime,
            java.util.List<IncidentState.Related> related) {
        this(status, incidentId, sequence, country, candidate, startTime, evidenceTime, endTime, related, null);
    }

    /** The incident at its widest: every network and platform it had, the widest scope, the largest user share. */
    public record Peak(
            org.vantage.schema.Scope scope,
            java.util.List<String> regions,
            java.util.List<String> platforms,
            java.util.List<org.vantage.detect.model.AffectedNetworkEvidence> networks,
            double affectedUserShare) {}
}
