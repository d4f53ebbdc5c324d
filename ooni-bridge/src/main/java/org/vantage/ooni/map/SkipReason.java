package org.vantage.ooni.map;

/** Why an OONI measurement did not become a {@code Measurement}. Each reason is counted by the bridge. */
public enum SkipReason {
    /** The body is not a JSON object, or a field has the wrong JSON type. */
    MALFORMED,
    /** A field the mapping needs is absent or null (test_name, probe_cc, report_id, test_keys, ...). */
    MISSING_FIELD,
    /** A field is present but absurd: country ZZ or not ISO 3166, ASN 0, event time in the future or before OONI existed. */
    INVALID_FIELD,
    /** A test other than web_connectivity, whatsapp, facebook_messenger, telegram or signal. */
    UNSUPPORTED_TEST,
    /** A web_connectivity input that is neither a platform's host nor one of the reference (control) sites. */
    NOT_A_PLATFORM_TARGET,
    /**
     * OONI itself marks the measurement as failed or unjudgeable: the test helper (control) failed, the probe
     * left blocking and accessible null, a probe bug ({@code unknown_failure}), or a test version OONI's
     * fastpath voids (Signal's CA change, Android DNS cache bug, Telegram requests without URL).
     */
    OONI_FAILED_MEASUREMENT,
    /** The control failed the same way (or could not fetch the page either): the site is down, not blocked. */
    TARGET_DOWN,
    /** Private, loopback or unspecified DNS answers on a VPN network type: the phone's VPN or ad blocker, not the network. */
    VPN_LOCAL_ANSWER
}
