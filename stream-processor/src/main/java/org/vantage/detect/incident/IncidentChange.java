package org.vantage.detect.incident;

import org.vantage.detect.national.Candidate;
import org.vantage.schema.AlertStatus;

/**
 * One state change of an incident, to be published as a DisruptionAlert.
 *
 * @param evidenceTime event time of the evidence behind the change
 * @param endTime      event time of the recovery, for RESOLVED
 */
public record IncidentChange(AlertStatus status, String incidentId, int sequence, String country, Candidate candidate,
        long startTime, long evidenceTime, Long endTime, java.util.List<IncidentState.Related> related) {
}
