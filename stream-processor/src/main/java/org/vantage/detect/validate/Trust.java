package org.vantage.detect.validate;

/** How far a valid record's origin is established. */
public enum Trust {
    /** Probe trust is off: every probe counts fully, as before enrollment existed. */
    NOT_CHECKED,
    /** Signed by an enrolled, unrevoked probe for this network. */
    VERIFIED,
    /** Open-fleet mode: an unenrolled probe's unsigned record, counted at a reduced, capped weight. */
    UNVERIFIED
}
