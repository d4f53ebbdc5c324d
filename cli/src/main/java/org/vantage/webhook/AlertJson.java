package org.vantage.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.CountryEvidence;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.EvidenceSource;
import org.vantage.schema.IncidentPeak;
import org.vantage.schema.RelatedIncident;
import org.vantage.schema.TechniqueEvidence;

/**
 * The documented JSON form of a {@link DisruptionAlert} (docs/alerts-contract.md, "Webhook JSON"): the Avro
 * field names (snake_case), enums as their symbol, timestamps as ISO-8601 UTC strings, optional values as
 * JSON null, plus {@code "format_version"}. Every field is mapped by hand so that the JSON stays stable
 * when the Avro schema evolves; a test fails when a schema field is not mapped.
 */
public final class AlertJson {

    /** Incremented only on an incompatible change of this JSON shape (added fields do not count). */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    public static byte[] toBytes(DisruptionAlert a) {
        try {
            return MAPPER.writeValueAsBytes(toTree(a));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render alert " + a.getAlertId() + " as JSON", e);
        }
    }

    public static ObjectNode toTree(DisruptionAlert a) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format_version", FORMAT_VERSION);
        o.put("alert_id", a.getAlertId());
        o.put("incident_id", a.getIncidentId());
        o.put("sequence", a.getSequence());
        o.put("status", a.getStatus().name());
        o.put("country", a.getCountry());
        o.put("scope", a.getScope().name());
        strings(o.putArray("regions"), a.getRegions());
        o.put("classification", a.getClassification().name());
        strings(o.putArray("platforms"), a.getPlatforms());
        networks(o.putArray("networks"), a.getNetworks());
        ArrayNode techniques = o.putArray("techniques");
        for (TechniqueEvidence t : a.getTechniques()) {
            ObjectNode j = techniques.addObject();
            j.put("technique", t.getTechnique().name());
            j.put("share", t.getShare());
            j.put("measurements", t.getMeasurements());
            strings(j.putArray("outcomes"), t.getOutcomes());
            j.put("detail", t.getDetail());
        }
        o.put("affected_user_share", a.getAffectedUserShare());
        o.put("confidence", a.getConfidence());
        o.put("start_time", iso(a.getStartTime()));
        o.put("last_update_time", iso(a.getLastUpdateTime()));
        o.put("end_time", iso(a.getEndTime()));
        o.put("emitted_at", iso(a.getEmittedAt()));
        strings(o.putArray("sample_measurement_ids"), a.getSampleMeasurementIds());
        ArrayNode related = o.putArray("related_incidents");
        for (RelatedIncident r : a.getRelatedIncidents()) {
            ObjectNode j = related.addObject();
            j.put("incident_id", r.getIncidentId());
            j.put("start_time", iso(r.getStartTime()));
            j.put("end_time", iso(r.getEndTime()));
            j.put("similarity", r.getSimilarity());
        }
        o.put("headline", a.getHeadline());
        ArrayNode sources = o.putArray("evidence_sources");
        for (EvidenceSource e : a.getEvidenceSources()) {
            sources.addObject()
                    .put("source", e.getSource())
                    .put("measurements", e.getMeasurements())
                    .put("networks", e.getNetworks());
        }
        strings(o.putArray("sample_links"), a.getSampleLinks());
        ArrayNode countries = o.putArray("countries");
        for (CountryEvidence c : a.getCountries()) {
            ObjectNode j = countries.addObject();
            j.put("country", c.getCountry());
            strings(j.putArray("platforms"), c.getPlatforms());
            j.put("networks_failing", c.getNetworksFailing());
            j.put("affected_user_share", c.getAffectedUserShare());
        }
        IncidentPeak peak = a.getPeak();
        if (peak == null) {
            o.putNull("peak");
        } else {
            ObjectNode j = o.putObject("peak");
            j.put("scope", peak.getScope().name());
            strings(j.putArray("regions"), peak.getRegions());
            strings(j.putArray("platforms"), peak.getPlatforms());
            networks(j.putArray("networks"), peak.getNetworks());
            j.put("affected_user_share", peak.getAffectedUserShare());
            j.put("duration_ms", peak.getDurationMs());
        }
        ArrayNode regions = o.putArray("affected_regions");
        for (org.vantage.schema.AffectedRegion r : a.getAffectedRegions()) {
            ObjectNode j = regions.addObject();
            j.put("region", r.getRegion());
            ArrayNode asns = j.putArray("asns");
            r.getAsns().forEach(asns::add);
            strings(j.putArray("network_types"), r.getNetworkTypes());
            j.put("population_share", r.getPopulationShare());
            j.put("probes", r.getProbes());
            j.put("failing_probes", r.getFailingProbes());
            j.put("silent", r.getSilent());
        }
        o.put("regions_population_share", a.getRegionsPopulationShare());
        org.vantage.schema.LateEvidence late = a.getLateEvidence();
        if (late == null) {
            o.putNull("late_evidence");
        } else {
            ObjectNode j = o.putObject("late_evidence");
            j.put("measurements", late.getMeasurements());
            j.put("confirming", late.getConfirming());
            j.put("networks", late.getNetworks());
            j.put("first_event_time", iso(late.getFirstEventTime()));
            j.put("last_event_time", iso(late.getLastEventTime()));
        }
        return o;
    }

    private static void networks(ArrayNode into, List<AffectedNetwork> networks) {
        for (AffectedNetwork n : networks) {
            ObjectNode j = into.addObject();
            j.put("asn", n.getAsn());
            j.put("name", n.getName());
            j.put("network_type", n.getNetworkType().name());
            j.put("user_share", n.getUserShare());
            strings(j.putArray("platforms"), n.getPlatforms());
            j.put("failure_rate", n.getFailureRate());
            j.put("control_failure_rate", n.getControlFailureRate());
            j.put("latency_ratio", n.getLatencyRatio());
            j.put("probes", n.getProbes());
            j.put("verified_probes", n.getVerifiedProbes());
            j.put("measurements", n.getMeasurements());
            j.put("silent", n.getSilent());
            strings(j.putArray("regions"), n.getRegions());
        }
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
