package org.vantage.detect.validate;

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
    LATE_BEYOND_GRACE
}
