package org.vantage.api.incidents;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.DisruptionAlert;

/**
 * The latest state of each incident, as published on the compacted {@code vantage.incidents.v1}: what the
 * dashboard shows of an incident after it resolved (its own classification, scope, headline, evidence and
 * sample measurements), which the detector's recurrence history does not keep. At most {@code maxPerCountry}
 * incidents per country, the most recently started ones. Thread-safe.
 */
public final class IncidentLog {
    private final int maxPerCountry;
    private final Map<String, Map<String, DisruptionAlert>> countries = new ConcurrentHashMap<>();

    public IncidentLog(int maxPerCountry) {
        if (maxPerCountry < 1) {
            throw new IllegalArgumentException("incidents kept per country must be positive, got " + maxPerCountry);
        }
        this.maxPerCountry = maxPerCountry;
    }

    /** Keeps {@code alert} unless a later state change (higher sequence) of its incident is known. */
    public void add(DisruptionAlert alert) {
        Map<String, DisruptionAlert> incidents =
                countries.computeIfAbsent(alert.getCountry(), c -> new ConcurrentHashMap<>());
        synchronized (incidents) {
            incidents.merge(
                    alert.getIncidentId(),
                    alert,
                    (known, added) -> added.getSequence() >= known.getSequence() ? added : known);
            if (incidents.size() > maxPerCountry) {
                List<DisruptionAlert> byStart = new ArrayList<>(incidents.values());
                byStart.sort(Comparator.comparing(DisruptionAlert::getStartTime));
                for (DisruptionAlert oldest : byStart.subList(0, incidents.size() - maxPerCountry)) {
                    incidents.remove(oldest.getIncidentId());
                }
            }
        }
    }

    /** Every incident whose latest state is not RESOLVED, any country (the global stage's under ZZ). */
    public List<DisruptionAlert> open() {
        List<DisruptionAlert> out = new ArrayList<>();
        for (Map<String, DisruptionAlert> incidents : countries.values()) {
            incidents.values().stream()
                    .filter(a -> a.getStatus() != AlertStatus.RESOLVED)
                    .forEach(out::add);
        }
        return out;
    }

    public Optional<DisruptionAlert> get(String country, String incidentId) {
        Map<String, DisruptionAlert> incidents = countries.get(country);
        return incidents == null ? Optional.empty() : Optional.ofNullable(incidents.get(incidentId));
    }

    /** Finds an incident of any country (incident ids start with the country code, but that is not relied on). */
    public Optional<DisruptionAlert> get(String incidentId) {
        for (Map<String, DisruptionAlert> incidents : countries.values()) {
            DisruptionAlert a = incidents.get(incidentId);
            if (a != null) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
