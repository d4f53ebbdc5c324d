package org.vantage.ooni.map;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table that says which OONI targets Vantage imports and as which platform.
 *
 * <p>The IM tests name their platform. A web_connectivity input counts for a platform when its host is one
 * of the platform's registrable domains or a subdomain of one (the front door, the API and the media CDNs,
 * as in the probe's default target list). Reference sites count as {@code control}; they are matched
 * exactly, not by suffix, because a subdomain can be blocked when the portal is not (fa.wikipedia.org in
 * Iran). Every other input is skipped as {@link SkipReason#NOT_A_PLATFORM_TARGET}.
 */
final class PlatformTargets {
    static final String CONTROL = "control";

    /** OONI test name to platform. */
    static final Map<String, String> TESTS = Map.of(
            "facebook_messenger", "facebook",
            "whatsapp", "whatsapp",
            "telegram", "telegram",
            "signal", "signal");

    /** Platform to its domains; a host matches a domain or any subdomain of it. */
    static final Map<String, List<String>> DOMAINS;

    static {
        Map<String, List<String>> d = new LinkedHashMap<>();
        d.put("twitter", List.of("twitter.com", "x.com", "t.co", "twimg.com"));
        d.put("facebook", List.of("facebook.com", "fb.com", "fbcdn.net", "facebook.net", "fbsbx.com", "messenger.com"));
        d.put("instagram", List.of("instagram.com", "cdninstagram.com"));
        d.put("youtube", List.of("youtube.com", "youtu.be", "ytimg.com", "googlevideo.com", "youtube-nocookie.com"));
        d.put("whatsapp", List.of("whatsapp.com", "whatsapp.net", "wa.me"));
        d.put("tiktok", List.of("tiktok.com", "tiktokv.com", "tiktokcdn.com"));
        d.put("telegram", List.of("telegram.org", "t.me", "telegram.me", "telesco.pe"));
        d.put("signal", List.of("signal.org"));
        DOMAINS = java.util.Collections.unmodifiableMap(d);
    }

    /**
     * Reference sites, matched exactly. Why each: the IANA example domains (RFC 2606 documentation names:
     * a static page nobody has a reason to block, and the reference target of OONI's own QA suite); the
     * Wikipedia portal (the probe's control, in every country's test list; note that Pakistan blocked all
     * of Wikipedia for three days in February 2023, which made it a bad control then); the Pakistan
     * Telecommunication Authority (the regulator that orders the blocks does not block itself).
     */
    static final Set<String> CONTROL_HOSTS = Set.of(
            "example.com",
            "www.example.com",
            "example.org",
            "www.example.org",
            "example.net",
            "www.example.net",
            "www.wikipedia.org",
            "wikipedia.org",
            "www.pta.gov.pk",
            "pta.gov.pk");

    private PlatformTargets() {}

    static Optional<String> forHost(String host) {
        String h = Events.host(host);
        if (h == null || h.isEmpty()) {
            return Optional.empty();
        }
        if (CONTROL_HOSTS.contains(h)) {
            return Optional.of(CONTROL);
        }
        for (Map.Entry<String, List<String>> e : DOMAINS.entrySet()) {
            for (String domain : e.getValue()) {
                if (h.equals(domain) || h.endsWith("." + domain)) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }
}
