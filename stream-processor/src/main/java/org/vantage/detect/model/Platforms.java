package org.vantage.detect.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Display names and a stable display order of platforms, for headlines and alert lists. */
public final class Platforms {
    private static final List<String> ORDER =
            List.of("twitter", "facebook", "instagram", "youtube", "whatsapp", "tiktok", "telegram", "signal");
    private static final Map<String, String> NAMES = Map.of(
            "twitter",
            "X/Twitter",
            "facebook",
            "Facebook",
            "instagram",
            "Instagram",
            "youtube",
            "YouTube",
            "whatsapp",
            "WhatsApp",
            "tiktok",
            "TikTok",
            "telegram",
            "Telegram",
            "signal",
            "Signal",
            "control",
            "control sites");

    private Platforms() {}

    public static String displayName(String platform) {
        return NAMES.getOrDefault(platform, platform);
    }

    /** Known platforms in their usual order, then any others alphabetically. */
    public static List<String> sorted(Collection<String> platforms) {
        return platforms.stream()
                .distinct()
                .sorted(Comparator.comparingInt((String p) -> ORDER.contains(p) ? ORDER.indexOf(p) : ORDER.size())
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }
}
