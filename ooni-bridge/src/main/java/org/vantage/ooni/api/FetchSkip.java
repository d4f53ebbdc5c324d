package org.vantage.ooni.api;

/** Why a measurement body from OONI's API could not be used; each is counted and logged, then skipped. */
public enum FetchSkip {
    /** Not parseable as JSON. */
    MALFORMED_JSON,
    /** Empty response or {@code {}}: OONI's answer for a uid it does not know (or does not have yet). */
    EMPTY_BODY,
    /** Larger than the bound, or JSON that is not a measurement object (an array, a string, no test_name). */
    ABSURD_BODY,
    /** A 4xx answer other than 429 for this uid: a retry would get the same. */
    REJECTED;

    /** Metric label value: lower case. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
