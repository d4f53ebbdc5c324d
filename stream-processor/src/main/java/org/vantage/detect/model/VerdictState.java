package org.vantage.detect.model;

/** Verdict for one platform on one network in one window. */
public enum VerdictState {
    /** Too few distinct probes to judge. */
    INSUFFICIENT_DATA,
    OK,
    /** Elevated failures, below the disruption threshold: reported in the status, never an incident. */
    DEGRADED,
    /** Platform fails while control works (for the control platform itself: the network fails). */
    DISRUPTED,
    /** Platform reachable but far slower than its baseline while control is normal. */
    THROTTLED
}
