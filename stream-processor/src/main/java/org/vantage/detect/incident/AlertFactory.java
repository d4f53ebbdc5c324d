package org.vantage.detect.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vantage.detect.model.AffectedNetworkEvidence;
import org.vantage.detect.model.Candidate;
import org.vantage.detect.model.Headlines;
import org.vantage.detect.model.IncidentState;
import org.vantage.detect.model.LateConfirmation;
import org.vantage.detect.model.TechniqueFinding;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.EvidenceSource;
import org.vantage.schema.IncidentPeak;
import org.vantage.schema.NetworkType;
import org.vantage.schema.RelatedIncident;
import org.vantage.schema.TechniqueEvidence;

/** Builds the public {@link DisruptionAlert} of an incident change, including its one-line headline. */
final class AlertFactory {
    private AlertFactory() {}

    public static DisruptionAlert alert(IncidentChange change, long emittedAt) {
        Candidate c = change.candidate();
        List<AffectedNetwork> networks =
                c.networks().stream().map(AlertFactory::network).toList();
        List<TechniqueEvidence> techniques = new ArrayList<>();
        for (TechniqueFinding f : c.techniques()) {
            techniques.add(TechniqueEvidence.newBuilder()
                    .setTechnique(f.technique())
                    .setShare(f.share())
                    .setMeasurements(f.measurements())
                    .setOutcomes(f.outcomes())
                    .setDetail(f.detail())
                    .build());
        }
        List<RelatedIncident> related = new ArrayList<>();
        for (IncidentState.Related r : change.related()) {
            related.add(RelatedIncident.newBuilder()
                    .setIncidentId(r.incidentId())
                    .setStartTime(java.time.Instant.ofEpochMilli(r.startTime()))
                    .setEndTime(r.endTime() == null ? null : java.time.Instant.ofEpochMilli(r.endTime()))
                    .setSimilarity(r.similarity())
                    .build());
        }
        return DisruptionAlert.newBuilder()
                .setAlertId(change.incidentId() + "#" + change.sequence())
                .setIncidentId(change.incidentId())
                .setSequence(change.sequence())
                .setStatus(change.status())
                .setCountry(change.country())
                .setScope(c.scope())
                .setRegions(c.regions())
                .setClassification(c.classification())
                .setPlatforms(c.platforms())
                .setNetworks(networks)
                .setTechniques(techniques)
                .setAffectedUserShare(c.affectedUserShare())
                .setConfidence(c.confidence())
                .setStartTime(java.time.Instant.ofEpochMilli(change.startTime()))
                .setLastUpdateTime(java.time.Instant.ofEpochMilli(change.evidenceTime()))
                .setEndTime(change.endTime() == null ? null : java.time.Instant.ofEpochMilli(change.endTime()))
                .setEmittedAt(java.time.Instant.ofEpochMilli(emittedAt))
                .setSampleMeasurementIds(c.sampleMeasurementIds())
                .setRelatedIncidents(related)
                .setHeadline(headline(change))
                .setPeak(peak(change))
                .setEvidenceSources(c.sources().stream()
                        .map(x -> EvidenceSource.newBuilder()
                                .setSource(x.source())
                                .setMeasurements(x.measurements())
                                .setNetworks(x.networks())
                                .build())
                        .toList())
                .setSampleLinks(sampleLinks(c.sampleMeasurementIds()))
                .setAffectedRegions(c.affectedRegions().stream()
                        .map(r -> org.vantage.schema.AffectedRegion.newBuilder()
                                .setRegion(r.region())
                                .setAsns(r.asns())
                                .setNetworkTypes(r.networkTypes())
                                .setPopulationShare(r.populationShare())
                                .setProbes(r.probes())
                                .setFailingProbes(r.failingProbes())
                                .setSilent(r.silent())
                                .build())
                        .toList())
                .setRegionsPopulationShare(c.regionsPopulationShare())
                .setLateEvidence(late(change.late()))
                .build();
    }

    private static org.vantage.schema.LateEvidence late(LateConfirmation l) {
        return l == null
                ? null
                : org.vantage.schema.LateEvidence.newBuilder()
                        .setMeasurements(l.measurements())
                        .setConfirming(l.confirming())
                        .setNetworks(l.networks().size())
                        .setFirstEventTime(java.time.Instant.ofEpochMilli(l.firstEventTime()))
                        .setLastEventTime(java.time.Instant.ofEpochMilli(l.lastEventTime()))
                        .build();
    }

    private static AffectedNetwork network(AffectedNetworkEvidence n) {
        return AffectedNetwork.newBuilder()
                .setAsn(n.asn())
                .setName(n.name())
                .setNetworkType(networkType(n.networkType()))
                .setUserShare(n.userShare())
                .setPlatforms(n.platforms())
                .setFailureRate(n.failureRate())
                .setControlFailureRate(n.controlFailureRate())
                .setLatencyRatio(n.latencyRatio())
                .setProbes(n.probes())
                .setVerifiedProbes(n.verifiedProbes())
                .setMeasurements(n.measurements())
                .setSilent(n.silent())
                .setRegions(n.regions())
                .build();
    }

    private static IncidentPeak peak(IncidentChange change) {
        IncidentChange.Peak p = change.peak();
        if (p == null) {
            return null;
        }
        long end = change.endTime() != null ? change.endTime() : change.evidenceTime();
        return IncidentPeak.newBuilder()
                .setScope(p.scope())
                .setRegions(p.regions())
                .setPlatforms(p.platforms())
                .setNetworks(p.networks().stream().map(AlertFactory::network).toList())
                .setAffectedUserShare(p.affectedUserShare())
                .setDurationMs(Math.max(0, end - change.startTime()))
                .build();
    }

    /**
     * The headline of a RESOLVED alert tells the incident at its widest and how long it lasted ("Resolved after 32m:
     * Network outage on mobile networks Jazz, Zong and Telenor in PK (3 networks, 85% of users)"), not just the last
     * network to recover.
     */
    static String headline(IncidentChange change) {
        Candidate c = change.candidate();
        if (change.status() != AlertStatus.RESOLVED || change.peak() == null) {
            return Headlines.headline(change.status(), change.country(), c);
        }
        IncidentChange.Peak p = change.peak();
        Candidate widest = new Candidate(
                c.slot(),
                c.classification(),
                p.scope(),
                p.regions(),
                p.platforms(),
                p.networks(),
                c.techniques(),
                p.affectedUserShare(),
                c.confidence(),
                c.sampleMeasurementIds(),
                c.immediate(),
                c.evidenceTime(),
                c.onsetTime(),
                c.sources());
        long end = change.endTime() != null ? change.endTime() : change.evidenceTime();
        String lasted = duration(Math.max(0, end - change.startTime()));
        return "Resolved after " + lasted + ": " + Headlines.headline(AlertStatus.OPENED, change.country(), widest);
    }

    /** "3h21m", "32m". */
    static String duration(long ms) {
        long minutes = Math.round(ms / 60_000.0);
        return minutes >= 60 ? (minutes / 60) + "h" + String.format(Locale.ROOT, "%02dm", minutes % 60) : minutes + "m";
    }

    /** Measurement ids of OONI imports are {@code ooni:<measurement_uid>}; OONI Explorer shows each at a public page. */
    static final String OONI_ID_PREFIX = "ooni:";

    static final String OONI_EXPLORER = "https://explorer.ooni.org/m/";

    static List<String> sampleLinks(List<String> sampleIds) {
        return sampleIds.stream()
                .filter(id -> id.startsWith(OONI_ID_PREFIX))
                .map(id -> OONI_EXPLORER + id.substring(OONI_ID_PREFIX.length()))
                .toList();
    }

    private static NetworkType networkType(String type) {
        try {
            return type == null ? NetworkType.UNKNOWN : NetworkType.valueOf(type);
        } catch (IllegalArgumentException e) {
            return NetworkType.UNKNOWN;
        }
    }
}
