package org.vantage.detect.model;

/** Names of every state store (and so of every changelog topic: {@code <application.id>-<store>-changelog}). */
public final class StoreNames {
    /** "CC:ASN|windowStart|platform" -> WindowSummary (also the ids it counted, for de-duplication). */
    public static final String WINDOW_SUMMARIES = "network-window-summaries";
    /** "CC:ASN|platform" -> Baseline. */
    public static final String BASELINES = "network-baselines";
    /** "CC:ASN" -> NetworkState (watermark, open windows, probes last heard). */
    public static final String NETWORK_STATE = "network-state";
    /** "CC:ASN" -> SparseLedger: the network's measurements from sparse sources (OONI) within their retention. */
    public static final String SPARSE_LEDGER = "network-sparse-ledger";
    /**
     * "CC:ASN" -> LateTally: the network's measurements later than the grace period, waiting for the country stage, and
     * the ids of those counted. Apart from NetworkState, which is written back at every commit, as it is seldom changed.
     */
    public static final String LATE_EVIDENCE = "network-late-evidence";
    /** "CC|ASN" -> the latest NetworkStatus carrying a network's sparse votes, per country task. */
    public static final String COUNTRY_SPARSE_STATUS = "country-sparse-status";
    /** "CC|ASN" -> latest NetworkStatus, per country task. Interactive queries: country status. */
    public static final String COUNTRY_NETWORK_STATUS = "country-network-status";
    /** "CC|windowEnd|ASN" -> NetworkStatus, the windows a country has not assessed yet (plus the grace period). */
    public static final String COUNTRY_WINDOW_STATUS = "country-window-status";
    /** "CC" -> CountryState (incidents per slot, history). Interactive queries: incidents. */
    public static final String COUNTRY_STATE = "country-state";
    /** "ZZ" -> GlobalIncident.State: every platform's status and the one incident of a global outage. */
    public static final String GLOBAL_INCIDENT = "global-incident";
    /**
     * "windowEnd|CC" -> CountryVerdicts, the countries' verdicts of windows the global stage has not decided yet: one
     * record per country and window, so a backlog of undecided windows never makes one large record.
     */
    public static final String GLOBAL_PENDING_VERDICTS = "global-pending-verdicts";
    /** Global table of vantage.networks.v1 (reference data). */
    public static final String NETWORK_REFERENCE = "network-reference";
    /** Global table of vantage.platform-status.v1 (global outage flags). */
    public static final String PLATFORM_STATUS_GLOBAL = "platform-status-global";

    /** Global table of vantage.probe-enrollments.v1 (probe id -> ProbeEnrollment, raw Avro bytes). */
    public static final String PROBE_ENROLLMENTS = "probe-enrollments";

    private StoreNames() {}
}
