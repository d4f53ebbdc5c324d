package org.vantage.detect.model;

/**
 * The kinds of event a country can have open at the same time, one incident each: a network outage, a
 * national platform restriction (or throttling: the same event can turn from one into the other), and a
 * platform's own global outage seen in this country.
 */
public enum Slot {
    NETWORK("outage"),
    PLATFORM("restriction"),
    GLOBAL("global");

    private final String idPart;

    Slot(String idPart) {
        this.idPart = idPart;
    }

    public String idPart() {
        return idPart;
    }
}
