package org.vantage.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vantage.probe.simulate.Scenario;
import org.vantage.schema.NetworkType;

/**
 * The synthetic fleet the benchmark loads: 20 countries, 100 networks, 2,000 probes, 8 platforms (14 target
 * hosts), measured once a minute, with two disruptions in the middle of the period (Pakistan: four social
 * platforms reset by SNI on every network; Iran: WhatsApp and Telegram blocked by DNS on the mobile networks).
 * Event times end just before "now" so the detection topology accepts them (it rejects event times more than
 * a day old or minutes in the future).
 */
public final class BenchFleet {
    static final List<String> COUNTRIES = List.of("PK", "IN", "BD", "IR", "TR", "RU", "EG", "NG", "BR", "ID",
            "MM", "ET", "VN", "US", "DE", "FR", "GB", "MX", "KE", "UA");
    static final int NETWORKS_PER_COUNTRY = 5;
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private BenchFleet() {
    }

    /** Platforms and their hosts, the detection's default platform set. */
    static Map<String, List<String>> platforms() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("twitter", List.of("x.com", "api.x.com"));
        p.put("facebook", List.of("www.facebook.com", "static.xx.fbcdn.net"));
        p.put("instagram", List.of("www.instagram.com", "static.cdninstagram.com"));
        p.put("youtube", List.of("www.youtube.com", "i.ytimg.com"));
        p.put("whatsapp", List.of("web.whatsapp.com"));
        p.put("tiktok", List.of("www.tiktok.com"));
        p.put("telegram", List.of("web.telegram.org"));
        p.put("control", List.of("www.wikipedia.org", "www.cloudflare.com", "example.org"));
        return p;
    }

    static List<Scenario.Network> networks() {
        List<Scenario.Network> out = new ArrayList<>();
        int[] probes = {36, 24, 18, 12, 10}; // a big mobile operator down to a small ISP: 100 per country
        for (int c = 0; c < COUNTRIES.size(); c++) {
            for (int n = 0; n < NETWORKS_PER_COUNTRY; n++) {
                long asn = 100_000L + c * 100L + n;
                NetworkType type = n % 2 == 0 ? NetworkType.MOBILE : NetworkType.FIXED;
                out.add(new Scenario.Network(COUNTRIES.get(c), asn, "bench-" + COUNTRIES.get(c) + "-" + n, type, null,
                        probes[n], List.of("north", "south", "east", "west")));
            }
        }
        return out;
    }

    /** Measurements one interval of the whole fleet produces. */
    static long perInterval() {
        long probes = networks().stream().mapToInt(Scenario.Network::probes).sum();
        long targets = platforms().values().stream().mapToInt(List::size).sum();
        return probes * targets;
    }

    /** Event-time span needed for {@code measurements}, whole intervals, at least three. */
    static Duration span(long measurements) {
        long intervals = Math.max(3, (measurements + perInterval() - 1) / perInterval());
        return INTERVAL.multipliedBy(intervals);
    }

    /** The load scenario: ends at {@code end}, long enough for {@code measurements}. */
    public static Scenario load(long measurements, Instant end) {
        Duration span = span(measurements);
        Instant start = end.minus(span);
        Instant dStart = start.plus(span.multipliedBy(4).dividedBy(10));
        Instant dEnd = start.plus(span.multipliedBy(7).dividedBy(10));
        List<Scenario.Disruption> disruptions = List.of(
                new Scenario.Disruption("bench-pk-social", dStart, dEnd, Scenario.Technique.TLS_SNI_RESET,
                        Set.of("twitter", "facebook", "instagram", "youtube"), Set.of("PK"), Set.of(), Set.of(), Set.of(), 0.95),
                new Scenario.Disruption("bench-ir-messaging", dStart, dEnd, Scenario.Technique.DNS,
                        Set.of("whatsapp", "telegram"), Set.of("IR"), Set.of(), Set.of(), Set.of(NetworkType.MOBILE), 1.0));
        return new Scenario("bench-load", "benchmark load", start, end, INTERVAL, INTERVAL, 42L, platforms(), baseline(),
                networks(), disruptions);
    }

    static Scenario.Baseline baseline() {
        return new Scenario.Baseline(0.015, Map.of(NetworkType.FIXED, 35, NetworkType.MOBILE, 70, NetworkType.UNKNOWN, 50),
                0.3, Map.of(NetworkType.FIXED, 4_000_000.0, NetworkType.MOBILE, 1_500_000.0, NetworkType.UNKNOWN, 2_000_000.0),
                3, 5);
    }
}
