package org.vantage.detect.model;

/** Why a record went to the dead-letter topic; the value of the reason header's code and a metric tag. */
public enum RejectReason {
    UNDECODABLE,
    UNKNOWN_SCHEMA_ID,
    MISSING_FIELD,
    UNKNOWN_PLATFORM,
    INVALID_COUNTRY,
    ASN_OUT_OF_RANGE,
    KEY_MISMATCH,
    EVENT_TIME_IN_FUTURE,
    EVENT_TIME_TOO_OLD,
    LATE_BEYOND_GRACE,
    /** No signature where one is required (trust mode {@code enrolled}, or an enrolled probe's id without one). */
    UNSIGNED,
    /** The MAC does not match the record under the signer's key: forged, altered, or moved to another key or topic. */
    BAD_SIGNATURE,
    /** Signed for a probe id that is not enrolled (or only requested enrollment). */
    UNKNOWN_PROBE,
    /** Signed by a revoked probe. */
    REVOKED_PROBE,
    /** Signed with a key the probe does not have, or an old key after its cut-over. */
    UNKNOWN_KEY,
    /** Signed by an enrolled probe for a network it is not enrolled for. */
    NETWORK_NOT_ENROLLED,
    /** The record names another probe than the one that signed it. */
    SIGNER_MISMATCH
}
