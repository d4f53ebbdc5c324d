package org.vantage.detect.window;

/** Store keys of window summaries: {@code CC:ASN|<window start, 16 digits>|platform}. */
public final class SummaryKeys {
    private SummaryKeys() {}

    /** {@code CC:ASN|<window start, 16 digits>|}: fixed width so that keys sort by window. */
    public static String prefix(String networkKey, long windowStart) {
        String digits = Long.toString(windowStart);
        StringBuilder b = new StringBuilder(networkKey.length() + 18 + 12)
                .append(networkKey)
                .append('|');
        for (int i = digits.length(); i < 16; i++) {
            b.append('0');
        }
        return b.append(digits).append('|').toString();
    }

    public static String of(String networkKey, long windowStart, String platform) {
        return prefix(networkKey, windowStart) + platform;
    }
}
