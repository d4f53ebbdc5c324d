package org.vantage.ooni.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A local stand-in for OONI's API that replays recorded answers: the rows of the two recorded list pages in
 * {@code ooni/api-responses} (100 real rows, every field as recorded except {@code measurement_start_time},
 * shifted so the newest is ten minutes old, as on a live API), listed with OONI's own rules (filter on start
 * time, {@code order=asc}, {@code limit}/{@code offset}, {@code next_url} on OONI's public host whenever a page
 * is full, the recorded {@code metadata} layout), and for each row's uid a real measurement body from
 * {@code ooni/real} and {@code ooni/derived}, in turn. It ignores {@code probe_cc}: the recorded rows are from
 * many countries.
 *
 * <p>Scripted per test: statuses answered before the next list page or a given body, replaced bodies, and
 * a slow-down of body answers after the n-th.
 */
public final class OoniReplayServer implements AutoCloseable {

    static final Path RESOURCES = Path.of("src/test/resources/ooni");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter LIST_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final List<ObjectNode> rows;
    private final Map<String, byte[]> bodies = new LinkedHashMap<>();
    private final Map<String, String> bodyFiles = new HashMap<>();
    private final Deque<Integer> listFaults = new ArrayDeque<>();
    private final Map<String, Deque<Integer>> bodyFaults = new ConcurrentHashMap<>();
    private final Map<String, byte[]> overrides = new ConcurrentHashMap<>();
    private final AtomicInteger bodyRequests = new AtomicInteger();
    private final AtomicInteger listRequests = new AtomicInteger();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    private volatile int slowAfter = Integer.MAX_VALUE;
    private volatile Duration slowDelay = Duration.ZERO;
    /** Generated rows carry one country each and are filtered on probe_cc as OONI does; recorded ones are not. */
    private volatile boolean filterCountry;

    private OoniReplayServer(HttpServer server, List<ObjectNode> rows) {
        this.server = server;
        this.rows = rows;
    }

    public static OoniReplayServer start() throws IOException {
        List<ObjectNode> rows = recordedRows(Instant.now().minus(Duration.ofMinutes(10)));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        OoniReplayServer s = new OoniReplayServer(http, rows);
        List<Path> pool = bodyPool();
        for (int i = 0; i < rows.size(); i++) {
            Path f = pool.get(i % pool.size());
            String uid = rows.get(i).get("measurement_uid").asText();
            s.bodies.put(uid, Files.readAllBytes(f));
            s.bodyFiles.put(uid, f.getFileName().toString());
        }
        return s.listen();
    }

    /**
     * A stand-in serving generated documents instead of the recorded ones: each document's list row (filtered on
     * {@code probe_cc} as well as on start time) and its body.
     */
    public static OoniReplayServer serving(List<org.vantage.ooni.map.testing.OoniDocumentGenerator.Document> documents)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        List<ObjectNode> rows = new ArrayList<>();
        OoniReplayServer s = new OoniReplayServer(http, rows);
        s.filterCountry = true;
        String base = "http://" + http.getAddress().getHostString() + ":"
                + http.getAddress().getPort();
        documents.stream()
                .sorted(Comparator.comparing(
                        org.vantage.ooni.map.testing.OoniDocumentGenerator.Document::measurementStart))
                .forEach(d -> {
                    rows.add(d.listRow(base));
                    try {
                        s.bodies.put(d.measurementUid(), JSON.writeValueAsBytes(d.raw()));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                    s.bodyFiles.put(d.measurementUid(), "generated:" + d.intended());
                });
        return s.listen();
    }

    private OoniReplayServer listen() {
        server.createContext("/api/v1/measurements", this::list);
        server.createContext("/api/v1/raw_measurement", this::raw);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ooni-replay");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return this;
    }

    /** The recorded rows, de-duplicated on uid, oldest first, start times shifted so the newest is {@code newest}. */
    static List<ObjectNode> recordedRows(Instant newest) throws IOException {
        Map<String, ObjectNode> byUid = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(RESOURCES.resolve("api-responses"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().contains("search__measurements__since"))
                    .sorted()
                    .toList()) {
                JsonNode page =
                        JSON.readTree(JSON.readTree(f.toFile()).get("body").asText());
                for (JsonNode r : page.get("results")) {
                    byUid.putIfAbsent(r.get("measurement_uid").asText(), (ObjectNode) r.deepCopy());
                }
            }
        }
        List<ObjectNode> rows = new ArrayList<>(byUid.values());
        Instant recordedNewest = rows.stream()
                .map(OoniReplayServer::start)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        Duration shift = Duration.between(recordedNewest, newest);
        for (ObjectNode r : rows) {
            r.put("measurement_start_time", LIST_TIME.format(start(r).plus(shift)));
        }
        rows.sort(Comparator.comparing((ObjectNode r) -> start(r))
                .thenComparing(r -> r.get("measurement_uid").asText()));
        return rows;
    }

    /** Real measurement bodies (raw JSON objects with a test_name), in file-name order. */
    static List<Path> bodyPool() throws IOException {
        List<Path> pool = new ArrayList<>();
        for (String dir : List.of("real", "derived")) {
            try (Stream<Path> files = Files.list(RESOURCES.resolve(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json"))
                        .sorted()
                        .toList()) {
                    JsonNode j = JSON.readTree(f.toFile());
                    if (j.isObject() && j.hasNonNull("test_name")) {
                        pool.add(f);
                    }
                }
            }
        }
        return pool;
    }

    private static Instant start(JsonNode row) {
        return Instant.parse(row.get("measurement_start_time").asText());
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> uids() {
        return rows.stream().map(r -> r.get("measurement_uid").asText()).toList();
    }

    public Instant startTime(String uid) {
        return rows.stream()
                .filter(r -> r.get("measurement_uid").asText().equals(uid))
                .map(OoniReplayServer::start)
                .findFirst()
                .orElseThrow();
    }

    /** The body served for {@code uid} (before any override). */
    public byte[] body(String uid) {
        return bodies.get(uid);
    }

    public String bodyFile(String uid) {
        return bodyFiles.get(uid);
    }

    public synchronized void failNextList(int... statuses) {
        for (int s : statuses) {
            listFaults.add(s);
        }
    }

    public void failBody(String uid, int... statuses) {
        Deque<Integer> q = bodyFaults.computeIfAbsent(uid, k -> new ArrayDeque<>());
        synchronized (q) {
            for (int s : statuses) {
                q.add(s);
            }
        }
    }

    public void overrideBody(String uid, byte[] body) {
        overrides.put(uid, body);
    }

    /** Every body answer after the {@code n}-th waits {@code delay} first; {@code Duration.ZERO} ends it. */
    public void slowBodiesAfter(int n, Duration delay) {
        this.slowAfter = n;
        this.slowDelay = delay;
    }

    public int bodyRequests() {
        return bodyRequests.get();
    }

    public int listRequests() {
        return listRequests.get();
    }

    public List<String> userAgents() {
        return userAgents;
    }

    private void list(HttpExchange ex) throws IOException {
        userAgents.add(ex.getRequestHeaders().getFirst("User-Agent"));
        listRequests.incrementAndGet();
        Integer fault;
        synchronized (this) {
            fault = listFaults.poll();
        }
        if (fault != null) {
            respond(ex, fault, fault == 429 ? "{\"error\":\"quota exceeded\"}" : "{\"error\":\"scripted failure\"}");
            return;
        }
        Map<String, String> q = query(ex.getRequestURI());
        Instant since = naive(q.get("since"));
        Instant until = naive(q.get("until"));
        int limit = Integer.parseInt(q.getOrDefault("limit", "100"));
        int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
        String countries = q.get("probe_cc");
        List<ObjectNode> matching = rows.stream()
                .filter(r -> (since == null || !start(r).isBefore(since))
                        && (until == null || start(r).isBefore(until))
                        && (!filterCountry
                                || countries == null
                                || List.of(countries.split(","))
                                        .contains(r.get("probe_cc").asText())))
                .toList();
        List<ObjectNode> page =
                matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));
        ObjectNode body = JSON.createObjectNode();
        ObjectNode meta = body.putObject("metadata");
        boolean full = page.size() == limit;
        meta.put("count", full ? -1 : offset + page.size());
        meta.put("current_page", offset / limit + 1);
        meta.put("limit", limit);
        if (full) {
            String rawQuery = ex.getRequestURI().getRawQuery().replaceAll("&?offset=\\d+", "");
            meta.put("next_url", "https://api.ooni.io/api/v1/measurements?" + rawQuery + "&offset=" + (offset + limit));
        } else {
            meta.putNull("next_url");
        }
        meta.put("offset", offset);
        meta.put("pages", full ? -1 : offset / limit + 1);
        meta.put("query_time", 0.01);
        ArrayNode results = body.putArray("results");
        page.forEach(results::add);
        respond(ex, 200, JSON.writeValueAsString(body));
    }

    private void raw(HttpExchange ex) throws IOException {
        userAgents.add(ex.getRequestHeaders().getFirst("User-Agent"));
        int n = bodyRequests.incrementAndGet();
        if (n > slowAfter && !slowDelay.isZero()) {
            try {
                Thread.sleep(slowDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String uid = query(ex.getRequestURI()).get("measurement_uid");
        Deque<Integer> faults = uid == null ? null : bodyFaults.get(uid);
        Integer fault = null;
        if (faults != null) {
            synchronized (faults) {
                fault = faults.poll();
            }
        }
        if (fault != null) {
            respond(ex, fault, "{\"error\":\"scripted failure\"}");
            return;
        }
        byte[] body = uid == null ? null : overrides.getOrDefault(uid, bodies.get(uid));
        // OONI answers 200 {} for a uid it does not know.
        respond(ex, 200, body == null ? "{}".getBytes(StandardCharsets.UTF_8) : body);
    }

    private static Instant naive(String s) {
        return s == null ? null : LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        if (uri.getRawQuery() == null) {
            return q;
        }
        for (String kv : uri.getRawQuery().split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        respond(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        try {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client went away (a killed bridge): nothing to do
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
