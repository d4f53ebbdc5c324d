package org.vantage.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vantage.probe.simulate.Scenario;
import org.vantage.schema.NetworkType;

/**
 * The synthetic fleet the benchmark loads: by default ({@link FleetShape#BASE}) 20 countries, 100 networks, 2,000
 * probes, 8 platforms (14 target hosts), measured once a minute, with two disruptions in the middle of the period
 * (Pakistan: four social platforms reset by SNI on every network; Iran: WhatsApp and Telegram blocked by DNS on the
 * mobile networks). Other shapes (the scale sweep) keep its proportions: networks spread evenly over the countries,
 * and in every country's networks the same mix of sizes (a big mobile operator down to a small ISP). Event times end
 * just before "now" so the detection topology accepts them (it rejects event times more than a day old or minutes in
 * the future).
 */
public final class BenchFleet {
    static final List<String> COUNTRIES = List.of(
            "PK", "IN", "BD", "IR", "TR", "RU", "EG", "NG", "BR", "ID", "MM", "ET", "VN", "US", "DE", "FR", "GB", "MX",
            "KE", "UA");
    /** Every ISO 3166 code the fleet may use: the 20 above first, then the others in order, minus the latency run's own. */
    private static final List<String> ALL_COUNTRIES = allCountries();

    static final int MAX_COUNTRIES = ALL_COUNTRIES.size();
    static final Duration INTERVAL = Duration.ofMinutes(1);
    /** Relative sizes of a country's networks, repeated: 36, 24, 18, 12, 10 probes when a network averages 20. */
    private static final int[] SIZE_MIX = {36, 24, 18, 12, 10};

    private BenchFleet() {}

    private static List<String> allCountries() {
        Set<String> out = new LinkedHashSet<>(COUNTRIES);
        out.addAll(Arrays.stream(Locale.getISOCountries()).sorted().toList());
        out.removeAll(DisruptionInjection.COUNTRIES); // each injection needs a country of its own
        return List.copyOf(out);
    }

    /** The first {@code n} country codes of the fleet. */
    static List<String> countries(int n) {
        return ALL_COUNTRIES.subList(0, n);
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
        return networks(FleetShape.BASE);
    }

    /**
     * The networks of a fleet: {@code networks / countries} per country (the first countries get one more when it does
     * not divide), probes shared out in the proportions of {@link #SIZE_MIX}, every probe assigned.
     */
    static List<Scenario.Network> networks(FleetShape shape) {
        List<String> countries = countries(shape.countries());
        int perCountry = shape.networks() / shape.countries();
        int extra = shape.networks() % shape.countries();
        long weightSum = 0;
        for (int i = 0; i < shape.networks(); i++) {
            weightSum += SIZE_MIX[localIndex(i, perCountry, extra) % SIZE_MIX.length];
        }
        int[] probes = new int[shape.networks()];
        int assigned = 0;
        for (int i = 0; i < shape.networks(); i++) {
            probes[i] = (int)
                    ((long) shape.probes() * SIZE_MIX[localIndex(i, perCountry, extra) % SIZE_MIX.length] / weightSum);
            assigned += probes[i];
        }
        for (int i = 0; assigned < shape.probes(); i = (i + 1) % probes.length) {
            probes[i]++;
            assigned++;
        }
        List<Scenario.Network> out = new ArrayList<>();
        int i = 0;
        for (int c = 0; c < countries.size(); c++) {
            int count = perCountry + (c < extra ? 1 : 0);
            for (int n = 0; n < count; n++, i++) {
                long asn = count <= 100 ? 100_000L + c * 100L + n : 1_000_000L + c * 100_000L + n;
                NetworkType type = n % 2 == 0 ? NetworkType.MOBILE : NetworkType.FIXED;
                out.add(new Scenario.Network(
                        countries.get(c),
                        asn,
                        "bench-" + countries.get(c) + "-" + n,
                        type,
                        null,
                        Math.max(1, probes[i]),
                        List.of("north", "south", "east", "west")));
            }
        }
        return out;
    }

    /** Index of network {@code i} within its country (networks are listed country by country). */
    private static int localIndex(int i, int perCountry, int extra) {
        int big = perCountry + 1; // the first {@code extra} countries have one network more
        if (i < extra * big) {
            return i % big;
        }
        return perCountry == 0 ? 0 : (i - extra * big) % perCountry;
    }

    /** Measurements one interval of the default fleet produces. */
    static long perInterval() {
        return perInterval(FleetShape.BASE);
    }

    static long perInterval(FleetShape shape) {
        long targets = platforms().values().stream().mapToInt(List::size).sum();
        return shape.probes() * targets;
    }

    /** Event-time span needed for {@code measurements} of the default fleet, whole intervals, at least three. */
    static Duration span(long measurements) {
        return span(FleetShape.BASE, measurements);
    }

    static Duration span(FleetShape shape, long measurements) {
        long intervals = Math.max(3, (measurements + perInterval(shape) - 1) / perInterval(shape));
        return INTERVAL.multipliedBy(intervals);
    }

    /** The load scenario of the default fleet: ends at {@code end}, long enough for {@code measurements}. */
    public static Scenario load(long measurements, Instant end) {
        return load(FleetShape.BASE, measurements, end);
    }

    static Scenario load(FleetShape shape, long measurements, Instant end) {
        Duration span = span(shape, measurements);
        Instant start = end.minus(span);
        Instant dStart = start.plus(span.multipliedBy(4).dividedBy(10));
        Instant dEnd = start.plus(span.multipliedBy(7).dividedBy(10));
        List<Scenario.Disruption> disruptions = List.of(
                new Scenario.Disruption(
                        "bench-pk-social",
                        dStart,
                        dEnd,
                        Scenario.Technique.TLS_SNI_RESET,
                        Set.of("twitter", "facebook", "instagram", "youtube"),
                        Set.of("PK"),
                        Set.of(),
                        Set.of(),
                        Set.of(),
                        0.95),
                new Scenario.Disruption(
                        "bench-ir-messaging",
                        dStart,
                        dEnd,
                        Scenario.Technique.DNS,
                        Set.of("whatsapp", "telegram"),
                        Set.of("IR"),
                        Set.of(),
                        Set.of(),
                        Set.of(NetworkType.MOBILE),
                        1.0));
        return new Scenario(
                "bench-load",
                "benchmark load",
                start,
                end,
                INTERVAL,
                INTERVAL,
                42L,
                platforms(),
                baseline(),
                networks(shape),
                disruptions);
    }

    /** The same fleet without disruptions: the healthy background of the latency runs. */
    static Scenario healthy(FleetShape shape, Instant end) {
        Scenario s = load(shape, 1, end);
        return new Scenario(
                s.name(),
                s.description(),
                s.start(),
                s.end(),
                s.interval(),
                s.heartbeatInterval(),
                s.seed(),
                s.platforms(),
                s.baseline(),
                s.networks(),
                List.of());
    }

    static Scenario.Baseline baseline() {
        return new Scenario.Baseline(
                0.015,
                Map.of(NetworkType.FIXED, 35, NetworkType.MOBILE, 70, NetworkType.UNKNOWN, 50),
                0.3,
                Map.of(
                        NetworkType.FIXED,
                        4_000_000.0,
                        NetworkType.MOBILE,
                        1_500_000.0,
                        NetworkType.UNKNOWN,
                        2_000_000.0),
                3,
                5);
    }
}
