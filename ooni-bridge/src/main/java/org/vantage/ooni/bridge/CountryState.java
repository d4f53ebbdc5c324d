package org.vantage.ooni.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the bridge knows about one country, committed with the measurements it covers: the uids already
 * handled (published or skipped) with their start times, the newest start time published, and a floor below
 * which the country is no longer listed. Pure data and decisions; no I/O.
 *
 * <p>Size: one record of the state topic, which must stay under Kafka's 1 MB record limit. Uids older than
 * the trailing window (plus a margin) are dropped, since no poll lists them again. If a country still has
 * more than {@link #MAX_UIDS} in the window, or the record would exceed {@link #MAX_BYTES}, the oldest are
 * dropped and the floor moves above them, so they are not listed (and published) again: late uploads below
 * the floor are then missed rather than duplicated, and the bridge logs it.
 */
final class CountryState {

    /** Entries kept at most (about 80 bytes each for current uids). */
    static final int MAX_UIDS = 8_000;
    /** Encoded size kept at most, below Kafka's default 1 MB record limit with room for the batch header. */
    static final int MAX_BYTES = 900_000;
    /** Kept beyond the trailing window so that rounding of times never re-lists a forgotten uid. */
    static final Duration MARGIN = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String country;
    private final Map<String, Long> seen;
    private Instant floor;
    private Instant newestPublished;

    private CountryState(String country, Map<String, Long> seen, Instant floor, Instant newestPublished) {
        this.country = country;
        this.seen = seen;
        this.floor = floor;
        this.newestPublished = newestPublished;
    }

    static CountryState empty(String country) {
        return new CountryState(country, new HashMap<>(), null, null);
    }

    CountryState copy() {
        return new CountryState(country, new HashMap<>(seen), floor, newestPublished);
    }

    String country() {
        return country;
    }

    boolean seen(String uid) {
        return seen.containsKey(uid);
    }

    int size() {
        return seen.size();
    }

    void remember(String uid, Instant startTime) {
        seen.put(uid, startTime.getEpochSecond());
    }

    void published(Instant startTime) {
        if (newestPublished == null || startTime.isAfter(newestPublished)) {
            newestPublished = startTime;
        }
    }

    Optional<Instant> newestPublished() {
        return Optional.ofNullable(newestPublished);
    }

    Optional<Instant> floor() {
        return Optional.ofNullable(floor);
    }

    /** Start of the next list window: the trailing window, or the floor if that is later. */
    Instant since(Instant now, Duration trailingWindow) {
        Instant window = now.minus(trailingWindow);
        return floor != null && floor.isAfter(window) ? floor : window;
    }

    /**
     * Drops uids no poll lists again, then enforces the bounds.
     *
     * @return how many uids the bounds forced out (0 normally); those moved the floor
     */
    int prune(Instant now, Duration trailingWindow) {
        long keepFrom = now.minus(trailingWindow).minus(MARGIN).getEpochSecond();
        seen.values().removeIf(start -> start < keepFrom);
        int evicted = 0;
        while (seen.size() > MAX_UIDS || encode().length > MAX_BYTES) {
            int target = Math.min(seen.size() - 1, Math.min(MAX_UIDS, seen.size() * 9 / 10));
            evicted += evictOldest(seen.size() - Math.max(target, 0));
        }
        return evicted;
    }

    private int evictOldest(int n) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(seen.entrySet());
        entries.sort(Map.Entry.comparingByValue());
        long maxEvicted = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            seen.remove(entries.get(i).getKey());
            maxEvicted = Math.max(maxEvicted, entries.get(i).getValue());
        }
        if (n > 0) {
            // Everything up to the newest evicted start time is no longer listed; uids kept at that same second
            // are then never listed again either, which is what we want.
            Instant newFloor = Instant.ofEpochSecond(maxEvicted + 1);
            if (floor == null || newFloor.isAfter(floor)) {
                floor = newFloor;
            }
        }
        return n;
    }

    /** Compact JSON: {@code {"v":1,"country":"PK","floor":null,"newest":"...","seen":{"uid":epochSecond,...}}}. */
    byte[] encode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", 1);
        root.put("country", country);
        root.put("floor", floor == null ? null : floor.toString());
        root.put("newest", newestPublished == null ? null : newestPublished.toString());
        ObjectNode uids = root.putObject("seen");
        seen.forEach(uids::put);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a state record.
     *
     * @throws IllegalArgumentException when the record is not a state of this format
     */
    static CountryState decode(byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null
                    || root.path("v").asInt() != 1
                    || !root.path("country").isTextual()) {
                throw new IllegalArgumentException("not a version 1 bridge state: "
                        + new String(bytes, 0, Math.min(bytes.length, 100), StandardCharsets.UTF_8));
            }
            Map<String, Long> seen = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("seen").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                seen.put(e.getKey(), e.getValue().asLong());
            }
            return new CountryState(
                    root.get("country").asText(), seen, instant(root.get("floor")), instant(root.get("newest")));
        } catch (IOException e) {
            throw new IllegalArgumentException("bridge state is not JSON: " + e.getMessage(), e);
        }
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }

    /** Record key in the state topic. */
    static String key(String bridgeId, String country) {
        return bridgeId + "/" + country;
    }
}
