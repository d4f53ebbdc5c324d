package org.vantage.detect.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Per-country state of the country stage: which window was assessed last, the incidents, their history. */
public final class CountryState {
    public String country;
    public long lastAssessedEnd;
    /** Wall clock of the first status seen for the country: assessments wait a little for every network to show up. */
    public long firstSeenWallClock;
    /** Per ASN: how far each network of the country has reported. */
    public Map<Long, NetworkProgress> networks = new java.util.TreeMap<>();

    public Map<Slot, IncidentState> incidents = new EnumMap<>(Slot.class);
    public List<PastIncident> history = new ArrayList<>();
    /** Event time of the newest measurement of a sparse source (OONI) in the country; 0 when none. */
    public long sparseNewest;
    /** End of the last window assessed from sparse evidence alone (a country without live own probes). */
    public long sparseAssessedEnd;
    /** Per {@code region|network type|platform}: consecutive windows the pooled probes of a region showed it failing. */
    public Map<String, RegionStreak> regionStreaks = new java.util.TreeMap<>();
    /**
     * Windows whose verdicts went to the global stage and whose incidents wait for its decision: window end -> wall clock
     * when they were sent.
     */
    public java.util.TreeMap<Long, Long> awaitingGlobal = new java.util.TreeMap<>();
    /** The newest window told to the global stage as complete ({@link CountryVerdicts#completeThrough}). */
    public long completeTold;

    public CountryState() {}

    public static CountryState of(String country) {
        CountryState s = new CountryState();
        s.country = country;
        return s;
    }

    /** The newest window a network reported, when (wall clock) it last reported, and its silence. */
    public static final class NetworkProgress {
        public long latestWindowEnd;
        public long lastStatusWallClock;
        /** The silence status while the network is silent, else null. */
        public org.vantage.detect.model.NetworkStatus silence;
        /** Regions of the network all of whose probes are silent (while the network still sends), by region. */
        public Map<String, org.vantage.detect.model.RegionStatus> silentRegions = new java.util.TreeMap<>();

        public NetworkProgress() {}
    }

    public IncidentState incident(Slot slot) {
        return incidents.computeIfAbsent(slot, IncidentState::idle);
    }
}
