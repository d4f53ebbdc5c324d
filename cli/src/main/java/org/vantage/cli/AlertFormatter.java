package org.vantage.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.RelatedIncident;
import org.vantage.schema.TechniqueEvidence;

/** Renders alerts for people reading a terminal: one headline line plus indented evidence. */
public final class AlertFormatter {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AlertFormatter() {}

    /** A short, aligned headline: event time, status, country, classification, scope, confidence. */
    public static String headline(DisruptionAlert a) {
        return String.format(
                Locale.ROOT,
                "%s  %-8s %s  %-22s %-14s conf %3.0f%%  %s",
                TIME.format(a.getLastUpdateTime()),
                a.getStatus(),
                a.getCountry(),
                a.getClassification(),
                a.getScope(),
                a.getConfidence() * 100,
                a.getHeadline());
    }

    /** Headline plus platforms, networks, techniques, duration and recurrence, indented. */
    public static String detailed(DisruptionAlert a) {
        StringBuilder out = new StringBuilder(headline(a)).append('\n');
        if (!a.getPlatforms().isEmpty()) {
            out.append("    platforms : ")
                    .append(String.join(", ", a.getPlatforms()))
                    .append('\n');
        }
        if (!a.getNetworks().isEmpty()) {
            out.append("    networks  : ").append(networks(a.getNetworks())).append('\n');
        }
        if (!a.getAffectedRegions().isEmpty()) {
            out.append("    regions   : ").append(regions(a)).append('\n');
        } else if (!a.getRegions().isEmpty()) {
            out.append("    regions   : ")
                    .append(String.join(", ", a.getRegions()))
                    .append('\n');
        }
        if (!a.getTechniques().isEmpty()) {
            out.append("    technique : ").append(techniques(a.getTechniques())).append('\n');
        }
        if (a.getEvidenceSources().stream().anyMatch(x -> !x.getSource().equals("VANTAGE"))) {
            out.append("    evidence  : ")
                    .append(sources(a.getEvidenceSources()))
                    .append('\n');
        }
        if (!a.getSampleLinks().isEmpty()) {
            out.append("    OONI      : ")
                    .append(String.join(
                            " ",
                            a.getSampleLinks()
                                    .subList(0, Math.min(2, a.getSampleLinks().size()))))
                    .append(" (OONI data, CC BY-NC-SA 4.0)")
                    .append('\n');
        }
        out.append("    incident  : ")
                .append(a.getIncidentId())
                .append(" #")
                .append(a.getSequence())
                .append(", since ")
                .append(TIME.format(a.getStartTime()));
        if (a.getEndTime() != null) {
            out.append(", ended ")
                    .append(TIME.format(a.getEndTime()))
                    .append(" (")
                    .append(duration(Duration.between(a.getStartTime(), a.getEndTime())))
                    .append(')');
        }
        out.append('\n');
        if (!a.getRelatedIncidents().isEmpty()) {
            out.append("    recurs    : ")
                    .append(related(a.getRelatedIncidents()))
                    .append('\n');
        }
        return out.toString();
    }

    static String networks(List<AffectedNetwork> networks) {
        return networks.stream()
                .map(n -> String.format(
                        Locale.ROOT,
                        "%s AS%d (%.0f%% failing%s)",
                        n.getName(),
                        n.getAsn(),
                        n.getFailureRate() * 100,
                        n.getSilent() ? ", silent" : ""))
                .collect(Collectors.joining("; "));
    }

    /** "Balochistan (6% of the population: Jazz, Zong); Gilgit-Baltistan (no census figure: Jazz, silent)". */
    static String regions(DisruptionAlert a) {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        a.getNetworks().forEach(n -> names.put(n.getAsn(), shortName(n.getName())));
        return a.getAffectedRegions().stream()
                .map(r -> r.getRegion() + " ("
                        + (r.getPopulationShare() == null
                                ? "no census figure"
                                : String.format(Locale.ROOT, "%.0f%% of the population", r.getPopulationShare() * 100))
                        + ": "
                        + r.getAsns().stream()
                                .map(asn -> names.getOrDefault(asn, "AS" + asn))
                                .collect(Collectors.joining(", "))
                        + (r.getSilent() ? ", silent" : "") + ")")
                .collect(Collectors.joining("; "));
    }

    private static String shortName(String name) {
        int paren = name.indexOf(" (");
        return paren > 0 ? name.substring(0, paren) : name;
    }

    /** "own probes 75 measurements on 3 networks; OONI 14 on 4". */
    static String sources(List<org.vantage.schema.EvidenceSource> sources) {
        return sources.stream()
                .map(x -> String.format(
                        Locale.ROOT,
                        "%s %,d measurements on %d network%s",
                        x.getSource().equals("VANTAGE") ? "own probes" : x.getSource(),
                        x.getMeasurements(),
                        x.getNetworks(),
                        x.getNetworks() == 1 ? "" : "s"))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    static String techniques(List<TechniqueEvidence> techniques) {
        return techniques.stream()
                .map(t -> String.format(Locale.ROOT, "%s %.0f%%", t.getTechnique(), t.getShare() * 100))
                .collect(Collectors.joining(", "));
    }

    static String related(List<RelatedIncident> related) {
        return related.stream()
                .map(r -> String.format(
                        Locale.ROOT,
                        "%s on %s (similarity %.0f%%)",
                        r.getIncidentId(),
                        TIME.format(r.getStartTime()),
                        r.getSimilarity() * 100))
                .collect(Collectors.joining("; "));
    }

    static String duration(Duration d) {
        long minutes = d.toMinutes();
        return minutes >= 60 ? String.format(Locale.ROOT, "%dh%02dm", minutes / 60, minutes % 60) : minutes + "m";
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
