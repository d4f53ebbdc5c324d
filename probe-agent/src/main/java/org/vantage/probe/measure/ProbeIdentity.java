package org.vantage.probe.measure;

import java.util.Objects;
import java.util.regex.Pattern;
import org.vantage.schema.NetworkType;

/**
 * Who measured: the fields of a {@code Measurement} that describe the probe rather than the test.
 * Supplied by the agent's configuration (or by the simulator for a virtual probe).
 */
public record ProbeIdentity(
        String probeId,
        String country,
        long asn,
        String region,
        String city,
        NetworkType networkType,
        String probeVersion) {
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** @throws IllegalArgumentException saying which field is wrong */
    public ProbeIdentity {
        if (probeId == null || probeId.isBlank()) {
            throw new IllegalArgumentException("probe id must not be empty");
        }
        if (country == null || !COUNTRY.matcher(country).matches()) {
            throw new IllegalArgumentException(
                    "country must be an upper-case ISO 3166-1 alpha-2 code, got '" + country + "'");
        }
        if (asn < 1 || asn > 4_294_967_295L) {
            throw new IllegalArgumentException("ASN must be 1..4294967295, got " + asn);
        }
        networkType = Objects.requireNonNullElse(networkType, NetworkType.UNKNOWN);
        if (probeVersion == null || probeVersion.isBlank()) {
            throw new IllegalArgumentException("probe version must not be empty");
        }
    }
}
