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

    public IncidentState() {
    }

    public static IncidentState idle(Slot slot) {
        IncidentState s = new IncidentState();
        s.slot = slot;
        return s;
    }

    public record Related(String incidentId, long startTime, Long endTime, double similarity) {
    }
}
