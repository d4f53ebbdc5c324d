package org.vantage.detect.incident;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vantage.detect.config.IncidentSettings;
import org.vantage.detect.model.AffectedNetworkEvidence;
import org.vantage.detect.model.Candidate;
import org.vantage.detect.model.IncidentState;
import org.vantage.detect.model.LateConfirmation;
import org.vantage.detect.model.LateEvidence;
import org.vantage.detect.model.PastIncident;
import org.vantage.detect.model.TechniqueFinding;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Scope;

/**
 * Lifecycle of the incidents of one country and slot: OPENED once evidence has held for
 * {@code openAfterWindows} consecutive windows (at once for evidence that is sustained by construction,
 * such as probe silence), UPDATED when classification, platforms, networks or regions change or the scope widens (a REGIONAL
 * incident no longer confined to regions has widened: same incident, not a new one),
 * RESOLVED after {@code resolveAfterWindows} consecutive windows without evidence. The two thresholds
 * are the hysteresis: a signal flapping faster than that neither opens nor closes incidents repeatedly.
 * Measurements later than the grace period revise the record afterwards ({@link #late}): an UPDATED alert for the
 * open incident, a correction (RESOLVED again, next sequence) for the slot's last resolved one.
 *
 * <p>The incident id is derived from the country, the slot and the event time of the first window with
 * evidence ({@code PK-20240120-1340-restriction}), so a replay after a crash produces the same id. An incident that
 * reopens with the start of one the country already had gets a suffix ({@code -2}, {@code -3}, ...), derived from the
 * country's history alike, so that no two incidents share an id.
 */
final class IncidentStateMachine {
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);
    static final int MAX_RELATED = 5;

    private final IncidentSettings settings;
    private final LateReconciliation reconciliation;

    public IncidentStateMachine(IncidentSettings settings) {
        this.settings = settings;
        this.reconciliation = new LateReconciliation(settings.late());
    }

    /**
     * Advances the state by one assessment of window [windowStart, windowEnd).
     *
     * @param candidate the evidence found in this window for the state's slot, or null
     * @param history   resolved incidents of the same country, for related_incidents; a RESOLVED change
     *                  appends the incident to it
     */
    public Optional<IncidentChange> step(
            String country,
            IncidentState s,
            Candidate candidate,
            long windowStart,
            long windowEnd,
            List<PastIncident> history) {
        return step(country, s, candidate, windowStart, windowEnd, history, null);
    }

    /**
     * As {@link #step(String, IncidentState, Candidate, long, long, List)}, where only the networks in {@code recovered}
     * (seen recovered in this window) may start leaving an open incident; null lets any network absent from the
     * candidate leave after the resolve period.
     */
    public Optional<IncidentChange> step(
            String country,
            IncidentState s,
            Candidate candidate,
            long windowStart,
            long windowEnd,
            List<PastIncident> history,
            java.util.Set<Long> recovered) {
        if (!s.open) {
            if (candidate == null) {
                s.pendingWindows = 0;
                return Optional.empty();
            }
            if (s.pendingWindows == 0) {
                s.pendingStart = candidate.onsetTime();
            }
            s.pendingWindows++;
            if (s.pendingWindows < settings.openAfterWindows() && !candidate.immediate()) {
                return Optional.empty();
            }
            return Optional.of(open(country, s, candidate, windowEnd, history));
        }
        if (candidate != null) {
            s.healthyWindows = 0;
            boolean changed = remember(s, candidate, windowEnd, recovered);
            widen(s, candidate);
            boolean classificationChanged = s.classification != candidate.classification();
            boolean widened = wider(candidate.scope(), s.scope);
            s.lastCandidate = candidate;
            if (changed || classificationChanged || widened) {
                s.classification = candidate.classification();
                s.scope = candidate.scope();
                s.sequence++;
                return Optional.of(change(AlertStatus.UPDATED, country, s, candidate, candidate.evidenceTime(), null));
            }
            return Optional.empty();
        }
        if (s.healthyWindows == 0) {
            s.healthySince = windowStart;
        }
        s.healthyWindows++;
        if (s.healthyWindows < settings.resolveAfterWindows()) {
            return Optional.empty();
        }
        s.sequence++;
        // late evidence may already have shown the incident going on past the first healthy window (assessed before the
        // network's measurements of it could arrive)
        long end = s.late == null ? s.healthySince : Math.max(s.healthySince, s.late.lastEventTime());
        IncidentChange resolved = change(AlertStatus.RESOLVED, country, s, s.lastCandidate, windowEnd, end);
        history.add(signature(s, s.lastCandidate, end));
        s.lastResolved = s.resolvedRecord(end);
        reset(s);
        return Optional.of(resolved);
    }

    /**
     * Revises the record of the slot's incidents that network {@code asn} was part of with the network's late evidence
     * (measurements later than the grace period): the open incident gets an UPDATED alert, the last resolved one a
     * correction (a RESOLVED alert again, with the next sequence), each with its start and end corrected and how much
     * late evidence confirmed it. Nothing when the evidence confirms neither.
     */
    public List<IncidentChange> late(
            String country, IncidentState s, long asn, LateEvidence evidence, List<PastIncident> history) {
        List<IncidentChange> out = new ArrayList<>();
        IncidentState r = s.lastResolved;
        if (r != null && r.involves(asn)) {
            reconciliation
                    .confirm(evidence, r.classification, r.peakPlatforms, r.startTime, r.endTime)
                    .ifPresent(c -> {
                        r.startTime = c.start(r.startTime);
                        r.endTime = c.end(r.endTime);
                        r.late = LateConfirmation.add(
                                r.late, asn, c.measurements(), c.confirming(), c.firstConfirming(), c.lastConfirming());
                        r.sequence++;
                        out.add(change(
                                AlertStatus.RESOLVED,
                                country,
                                r,
                                r.lastCandidate,
                                Math.max(r.evidenceTime, c.lastConfirming()),
                                r.endTime));
                        history.replaceAll(p -> p.incidentId().equals(r.incidentId)
                                ? new PastIncident(
                                        p.incidentId(),
                                        p.slot(),
                                        p.platforms(),
                                        p.asns(),
                                        p.techniques(),
                                        r.startTime,
                                        r.endTime)
                                : p);
                    });
        }
        if (s.open && s.involves(asn)) {
            reconciliation
                    .confirm(evidence, s.classification, s.peakPlatforms, s.startTime, null)
                    .ifPresent(c -> {
                        s.startTime = c.start(s.startTime);
                        s.late = LateConfirmation.add(
                                s.late, asn, c.measurements(), c.confirming(), c.firstConfirming(), c.lastConfirming());
                        s.sequence++;
                        out.add(change(
                                AlertStatus.UPDATED,
                                country,
                                s,
                                s.lastCandidate,
                                Math.max(s.evidenceTime, c.lastConfirming()),
                                null));
                    });
        }
        return out;
    }

    /** Forgets the slot's last resolved incident once it ended more than {@code horizon} before {@code now} (event time). */
    public static boolean forgetResolved(IncidentState s, long now, long horizon) {
        if (s.lastResolved != null && s.lastResolved.endTime != null && s.lastResolved.endTime < now - horizon) {
            s.lastResolved = null;
            return true;
        }
        return false;
    }

    private IncidentChange open(
            String country, IncidentState s, Candidate candidate, long windowEnd, List<PastIncident> history) {
        s.open = true;
        s.startTime = s.pendingStart;
        s.incidentId = unique(
                country + "-" + ID_TIME.format(Instant.ofEpochMilli(s.startTime)) + "-" + s.slot.idPart(), s, history);
        s.sequence = 1;
        s.healthyWindows = 0;
        s.classification = candidate.classification();
        s.scope = candidate.scope();
        s.platformSeen.clear();
        s.networkSeen.clear();
        s.regionSeen.clear();
        remember(s, candidate, windowEnd, null);
        widen(s, candidate);
        s.lastCandidate = candidate;
        s.related = new ArrayList<>();
        PastIncident current = signature(s, candidate, null);
        for (Recurrence.Related r :
                Recurrence.related(current, history, settings.relatedMinSimilarity(), MAX_RELATED)) {
            s.related.add(new IncidentState.Related(
                    r.incident().incidentId(),
                    r.incident().startTime(),
                    r.incident().endTime(),
                    r.similarity()));
        }
        return change(AlertStatus.OPENED, country, s, candidate, candidate.evidenceTime(), null);
    }

    /**
     * {@code id}, unless the country's history or the slot's last resolved incident has it: then {@code id} with the
     * suffix after the highest one taken ({@code -2}, {@code -3}, ...), so that an id is never reused, even once the
     * history has dropped the earlier ones.
     */
    static String unique(String id, IncidentState s, List<PastIncident> history) {
        List<String> taken = new ArrayList<>();
        history.forEach(p -> taken.add(p.incidentId()));
        if (s.lastResolved != null && s.lastResolved.incidentId != null) {
            taken.add(s.lastResolved.incidentId);
        }
        int highest = 0;
        for (String t : taken) {
            if (t.equals(id)) {
                highest = Math.max(highest, 1);
            } else if (t.startsWith(id + "-") && t.substring(id.length() + 1).matches("[0-9]{1,9}")) {
                highest = Math.max(highest, Integer.parseInt(t.substring(id.length() + 1)));
            }
        }
        return highest == 0 ? id : id + "-" + (highest + 1);
    }

    /** Records the candidate's members; true when the sticky membership changed. */
    private boolean remember(IncidentState s, Candidate c, long windowEnd, java.util.Set<Long> recovered) {
        long keep = windowEnd - membershipMemory(c);
        boolean changed = false;
        if (recovered != null) {
            // absence of evidence is not recovery: a member not seen recovered in this window stays (hysteresis, as for
            // opening and resolving the incident itself)
            for (java.util.Map.Entry<Long, Long> e : s.networkSeen.entrySet()) {
                if (!recovered.contains(e.getKey())) {
                    e.setValue(Math.max(e.getValue(), windowEnd));
                }
            }
        }
        for (String p : c.platforms()) {
            changed |= s.platformSeen.put(p, windowEnd) == null;
        }
        for (Long asn : c.asns()) {
            changed |= s.networkSeen.put(asn, windowEnd) == null;
        }
        for (String r : c.regions()) {
            changed |= s.regionSeen.put(r, windowEnd) == null;
        }
        changed |= s.platformSeen.entrySet().removeIf(e -> e.getValue() <= keep);
        changed |= s.networkSeen.entrySet().removeIf(e -> e.getValue() <= keep);
        changed |= s.regionSeen.entrySet().removeIf(e -> e.getValue() <= keep);
        return changed;
    }

    /**
     * How long a platform or network stays a member after its evidence was last seen. A sparse source (OONI)
     * sees each network only now and then, so its members are kept for the longest sparse horizon: else each
     * network would drop out and back in between two of its rare measurements, an UPDATED alert each time.
     */
    private long membershipMemory(Candidate c) {
        long dense = settings.resolveAfterWindows() * settings.windowMs();
        boolean sparse = c.sources().stream().anyMatch(s -> !s.source().equals("VANTAGE"));
        return sparse ? Math.max(dense, settings.longestSparseHorizon().toMillis()) : dense;
    }

    /** Keeps the incident at its widest: what a RESOLVED alert reports beside what was affected at the end. */
    private static void widen(IncidentState s, Candidate c) {
        if (s.peakScope == null || wider(c.scope(), s.peakScope)) {
            s.peakScope = c.scope();
        }
        s.peakUserShare = Math.max(s.peakUserShare, c.affectedUserShare());
        s.peakRegions.addAll(c.regions());
        s.peakPlatforms.addAll(c.platforms());
        c.networks().forEach(n -> s.peakNetworks.put(n.asn(), n));
    }

    private static IncidentChange change(
            AlertStatus status, String country, IncidentState s, Candidate c, long evidenceTime, Long endTime) {
        IncidentChange.Peak peak = s.peakScope == null
                ? null
                : new IncidentChange.Peak(
                        s.peakScope,
                        List.copyOf(s.peakRegions),
                        org.vantage.detect.model.Platforms.sorted(s.peakPlatforms),
                        s.peakNetworks.values().stream()
                                .sorted(java.util.Comparator.comparingDouble(AffectedNetworkEvidence::userShare)
                                        .reversed()
                                        .thenComparingLong(AffectedNetworkEvidence::asn))
                                .toList(),
                        s.peakUserShare);
        s.evidenceTime = evidenceTime;
        return new IncidentChange(
                status,
                s.incidentId,
                s.sequence,
                country,
                c,
                s.startTime,
                evidenceTime,
                endTime,
                List.copyOf(s.related),
                peak,
                s.late);
    }

    private static void reset(IncidentState s) {
        s.open = false;
        s.pendingWindows = 0;
        s.healthyWindows = 0;
        s.platformSeen.clear();
        s.networkSeen.clear();
        s.regionSeen.clear();
        s.lastCandidate = null;
        s.related = new ArrayList<>();
        s.peakScope = null;
        s.peakUserShare = 0;
        s.peakRegions.clear();
        s.peakPlatforms.clear();
        s.peakNetworks.clear();
        s.late = null;
    }

    static PastIncident signature(IncidentState s, Candidate c, Long endTime) {
        List<String> techniques = c.techniques().stream()
                .map(TechniqueFinding::technique)
                .map(Enum::name)
                .toList();
        return new PastIncident(
                s.incidentId,
                s.slot,
                List.copyOf(s.platformSeen.keySet()),
                List.copyOf(s.networkSeen.keySet()),
                techniques,
                s.startTime,
                endTime);
    }

    /**
     * Whether {@code scope} is wider than {@code than}: a higher rank, or a REGIONAL incident whose evidence is no
     * longer confined to regions (its networks fail as a whole), whatever the ranks say.
     */
    static boolean wider(Scope scope, Scope than) {
        return rank(scope) > rank(than) || (than == Scope.REGIONAL && scope != null && scope != Scope.REGIONAL);
    }

    private static int rank(Scope scope) {
        if (scope == null) {
            return 0;
        }
        return switch (scope) {
            case SINGLE_NETWORK -> 1;
            case MULTI_NETWORK, REGIONAL -> 2;
            case NATIONWIDE -> 3;
            case GLOBAL -> 4;
        };
    }

    /** Drops all but the newest {@code max} history entries. */
    public static void trim(List<PastIncident> history, int max) {
        while (history.size() > max) {
            history.remove(0);
        }
    }
}
