package org.vantage.detect.validate;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.vantage.detect.config.ValidationSettings;
import org.vantage.detect.model.RejectReason;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;

/**
 * Field checks of decoded measurements and heartbeats, against the wall clock of the processor. An event
 * time more than {@code maxFutureSkew} ahead of the wall clock is a bad probe clock: rejecting it here,
 * before any window or watermark sees it, is what keeps one bad clock from advancing time for honest
 * probes.
 */
public final class InputValidator {
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    static final long MAX_ASN = 4_294_967_295L;

    private final ValidationSettings settings;

    public InputValidator(ValidationSettings settings) {
        this.settings = settings;
    }

    public ValidationSettings settings() {
        return settings;
    }

    public Optional<Rejection> check(String key, Measurement m, long wallClockMs) {
        if (m.getMeasurementId() == null || m.getMeasurementId().isBlank()) {
            return reject(RejectReason.MISSING_FIELD, "measurement_id is empty");
        }
        if (m.getProbeId() == null || m.getProbeId().isBlank()) {
            return reject(RejectReason.MISSING_FIELD, "probe_id is empty");
        }
        if (m.getTimings() == null) {
            return reject(RejectReason.MISSING_FIELD, "timings missing");
        }
        if (m.getPlatform() == null || !settings.platforms().contains(m.getPlatform())) {
            return reject(
                    RejectReason.UNKNOWN_PLATFORM,
                    "platform '" + m.getPlatform() + "' is not one of " + settings.platforms());
        }
        return checkNetwork(key, m.getCountry(), m.getAsn())
                .or(() -> checkTime(
                        m.getEventTime() == null ? null : m.getEventTime().toEpochMilli(), wallClockMs));
    }

    public Optional<Rejection> check(String key, ProbeHeartbeat h, long wallClockMs) {
        if (h.getProbeId() == null || h.getProbeId().isBlank()) {
            return reject(RejectReason.MISSING_FIELD, "probe_id is empty");
        }
        return checkNetwork(key, h.getCountry(), h.getAsn())
                .or(() -> checkTime(
                        h.getEventTime() == null ? null : h.getEventTime().toEpochMilli(), wallClockMs));
    }

    private Optional<Rejection> checkNetwork(String key, String country, long asn) {
        if (country == null
                || country.length() != 2
                || !country.equals(country.toUpperCase(Locale.ROOT))
                || !COUNTRIES.contains(country)) {
            return reject(
                    RejectReason.INVALID_COUNTRY,
                    "country '" + country + "' is not an upper-case ISO 3166-1 alpha-2 code");
        }
        if (asn < 1 || asn > MAX_ASN) {
            return reject(RejectReason.ASN_OUT_OF_RANGE, "ASN " + asn + " is outside 1..4294967295");
        }
        if (!isNetworkKey(key, country, asn)) {
            return reject(
                    RejectReason.KEY_MISMATCH,
                    "record key '" + key + "' does not match the network " + country + ":" + asn
                            + " (records must be keyed CC:ASN so each network stays on one partition)");
        }
        return Optional.empty();
    }

    /** {@code key.equals(country + ":" + asn)} without building the string: this runs for every record. */
    static boolean isNetworkKey(String key, String country, long asn) {
        if (key == null || key.length() < 4 || key.charAt(2) != ':' || !key.startsWith(country)) {
            return false;
        }
        long rest = asn;
        for (int i = key.length() - 1; i >= 3; i--) {
            char c = key.charAt(i);
            if (rest == 0 || c != (char) ('0' + rest % 10)) {
                return false; // a different digit, or more digits than the ASN has (leading zeros included)
            }
            rest /= 10;
        }
        return rest == 0;
    }

    private Optional<Rejection> checkTime(Long eventTime, long wallClockMs) {
        if (eventTime == null) {
            return reject(RejectReason.MISSING_FIELD, "event_time missing");
        }
        long ahead = eventTime - wallClockMs;
        if (ahead > settings.maxFutureSkew().toMillis()) {
            return reject(
                    RejectReason.EVENT_TIME_IN_FUTURE,
                    "event time is " + ahead / 1000 + " s ahead of the processor clock (max "
                            + settings.maxFutureSkew().toSeconds() + " s): probe clock wrong");
        }
        long age = wallClockMs - eventTime;
        if (age > settings.maxAge().toMillis()) {
            return reject(
                    RejectReason.EVENT_TIME_TOO_OLD,
                    "event time is " + age / 1000 + " s old (max "
                            + settings.maxAge().toSeconds() + " s)");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(RejectReason reason, String message) {
        return Optional.of(new Rejection(reason, message));
    }
}
