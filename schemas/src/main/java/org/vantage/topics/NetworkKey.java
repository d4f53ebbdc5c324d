package org.vantage.topics;

import java.util.Locale;

/**
 * The record key shared by measurements, heartbeats and the network reference table: {@code CC:ASN}.
 * Producers key by network so that per-network work in the stream processor needs no repartition.
 */
public record NetworkKey(String country, long asn) {

    public NetworkKey {
        if (country == null || country.length() != 2) {
            throw new IllegalArgumentException("country must be an ISO 3166-1 alpha-2 code, got " + country);
        }
        country = country.toUpperCase(Locale.ROOT);
        if (asn < 1 || asn > 4_294_967_295L) {
            throw new IllegalArgumentException("ASN out of range 1..4294967295: " + asn);
        }
    }

    public static NetworkKey parse(String key) {
        int colon = key == null ? -1 : key.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("network key must be 'CC:ASN', got " + key);
        }
        try {
            return new NetworkKey(key.substring(0, colon), Long.parseLong(key.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("network key must be 'CC:ASN', got " + key, e);
        }
    }

    @Override
    public String toString() {
        return country + ":" + asn;
    }
}
