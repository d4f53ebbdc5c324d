package org.vantage.detect.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vantage.schema.Classification;
import org.vantage.schema.Scope;

/**
 * Lifecycle state of the incident of one country and {@link Slot}, persisted in a state store between
 * windows. Membership of platforms and networks is sticky: a member that stops showing evidence stays
 * in the incident until it has been absent for the resolve period, so a flapping network does not
 * produce an UPDATED alert every window.
 */
public final class IncidentState {
    public Slot slot;
    public boolean open;
    public String incidentId;
    public int sequence;
    public long startTime;
    /** Consecutive windows with evidence while not open. */
    public int pendingWindows;

    public long pendingStart;
    /** Consecutive windows without evidence while open. */
    public int healthyWindows;

    public long healthySince;
    public Classification classification;
    public Scope scope;
    /** Sticky members: platform / ASN -> end of the last window that showed it. */
    public Map<String, Long> platformSeen = new TreeMap<>();

    public Map<Long, Long> networkSeen = new TreeMap<>();
    /** Sticky regions of a REGIONAL incident, the same way. */
    public Map<String, Long> regionSeen = new TreeMap<>();

    public Candidate lastCandidate;
    /** The incident at its widest: widest scope and largest user share reached, every member it had. */
    public Scope peakScope;

    public double peakUserShare;
    public Set<String> peakRegions = new TreeSet<>();
    public Set<String> peakPlatforms = new TreeSet<>();
    /** ASN -> the network's evidence when it was last part of the incident. */
    public Map<Long, AffectedNetworkEvidence> peakNetworks = new TreeMap<>();

    public List<Related> related = new ArrayList<>();
    /** Late evidence that confirmed the incident (measurements later than the grace period); null when none. */
    public LateConfirmation late;
    /** Event time of the evidence behind the last alert. */
    public long evidenceTime;
    /** End of the incident, in {@link #lastResolved} only. */
    public Long endTime;
    /**
     * The slot's last incident as its RESOLVED alert left it, so that late evidence can still correct its record (start,
     * end, how much late evidence confirmed it); dropped once older than the late horizon. Null when none.
     */
    public IncidentState lastResolved;

    public IncidentState() {}

    public static IncidentState idle(Slot slot) {
        IncidentState s = new IncidentState();
        s.slot = slot;
        return s;
    }

    /** A copy of the incident's record as its RESOLVED alert says it: members, peak, evidence; without the slot's history. */
    public IncidentState resolvedRecord(long end) {
        IncidentState r = new IncidentState();
        r.slot = slot;
        r.incidentId = incidentId;
        r.sequence = sequence;
        r.startTime = startTime;
        r.classification = classification;
        r.scope = scope;
        r.platformSeen = new TreeMap<>(platformSeen);
        r.networkSeen = new TreeMap<>(networkSeen);
        r.regionSeen = new TreeMap<>(regionSeen);
        r.lastCandidate = lastCandidate;
        r.peakScope = peakScope;
        r.peakUserShare = peakUserShare;
        r.peakRegions = new TreeSet<>(peakRegions);
        r.peakPlatforms = new TreeSet<>(peakPlatforms);
        r.peakNetworks = new TreeMap<>(peakNetworks);
        r.related = new ArrayList<>(related);
        r.late = late;
        r.evidenceTime = evidenceTime;
        r.endTime = end;
        return r;
    }

    /** Whether the network was part of the incident at some point. */
    public boolean involves(long asn) {
        return networkSeen.containsKey(asn) || peakNetworks.containsKey(asn);
    }

    public record Related(String incidentId, long startTime, Long endTime, double similarity) {}
}
