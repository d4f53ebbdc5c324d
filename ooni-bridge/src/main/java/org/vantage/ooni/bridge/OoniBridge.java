package org.vantage.ooni.bridge;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.ooni.api.ListPage;
import org.vantage.ooni.api.ListQuery;
import org.vantage.ooni.api.MeasurementRow;
import org.vantage.ooni.api.OoniApiClient;
import org.vantage.ooni.api.OoniApiException;
import org.vantage.ooni.api.RawBody;
import org.vantage.ooni.map.Mapping;
import org.vantage.ooni.map.OoniMapper;
import org.vantage.schema.Measurement;

/**
 * Imports OONI's measurements of some countries into {@code vantage.measurements.v1}, exactly once.
 *
 * <p>Every {@code poll-interval} each country's trailing window is listed again (OONI lists by measurement
 * start time, and a probe that uploads late lands in the past), oldest first, page by page. Uids already
 * handled are passed over; each new one is fetched, mapped and, unless skipped, published. A page's
 * measurements and the country's new state (the uids handled, see {@link CountryState}) are committed in one
 * Kafka transaction ({@link BridgeKafka}). A crash anywhere loses nothing (the page is fetched again after
 * restart) and duplicates nothing (what committed is in the state the restart reads).
 *
 * <p>A poll that cannot reach OONI, or whose Kafka transaction fails, is logged and counted and given up;
 * the next poll starts over from the committed state. Only a fenced producer (another bridge runs with the
 * same id) stops the bridge.
 */
public final class OoniBridge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OoniBridge.class);
    /** Listed rows may be up to an hour ahead (probe clocks); OONI itself flags measurements further ahead. */
    private static final Duration UNTIL_AHEAD = Duration.ofHours(1);
    /** Guard against a next_url that never ends. */
    private static final int MAX_PAGES_PER_POLL = 10_000;

    /** What one poll of one country did. */
    public record PollReport(
            String country,
            Instant since,
            Instant until,
            int pages,
            int listed,
            int fresh,
            int published,
            Map<String, Integer> skipped,
            int deferred) {
        public int skippedTotal() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final OoniBridgeSettings settings;
    private final OoniApiClient api;
    private final OoniMapper mapper;
    private final Supplier<BridgeKafka> kafkaFactory;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private BridgeKafka kafka;
    private Map<String, CountryState> states;

    OoniBridge(
            OoniBridgeSettings settings,
            OoniApiClient api,
            OoniMapper mapper,
            Supplier<BridgeKafka> kafkaFactory,
            BridgeMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.api = api;
        this.mapper = mapper;
        this.kafkaFactory = kafkaFactory;
        this.metrics = metrics;
        this.clock = clock;
        settings.countries().forEach(metrics::country);
    }

    /** Polls every country every poll-interval until {@link #stop()}. */
    public void run() throws InterruptedException {
        log.info(
                "event=bridge_started bridge_id={} countries={} api={} poll_interval={} trailing_window={} page_size={}",
                settings.bridgeId(),
                String.join(",", settings.countries()),
                api.baseUrl(),
                OoniBridgeRunner.human(settings.pollInterval()),
                OoniBridgeRunner.human(settings.trailingWindow()),
                settings.pageSize());
        while (stopped.getCount() > 0) {
            long roundStart = System.nanoTime();
            for (String country : settings.countries()) {
                if (stopped.getCount() == 0) {
                    break;
                }
                pollSafely(country);
            }
            long left = settings.pollInterval().toNanos() - (System.nanoTime() - roundStart);
            if (left > 0 && stopped.await(left, TimeUnit.NANOSECONDS)) {
                break;
            }
        }
        closeKafka();
        log.info("event=bridge_stopped bridge_id={}", settings.bridgeId());
    }

    /** Makes {@link #run()} return after the current page. */
    public void stop() {
        stopped.countDown();
    }

    private void pollSafely(String country) throws InterruptedException {
        try {
            pollOnce(country);
        } catch (OoniApiException e) {
            metrics.poll(country, "api_error");
            log.warn(
                    "event=poll_failed country={} cause=api url={} status={} error=\"{}\"; retried next poll",
                    country,
                    e.url(),
                    e.status(),
                    e.getMessage());
        } catch (KafkaException | IllegalStateException e) {
            if (fenced(e)) {
                closeKafka();
                throw new IllegalStateException(
                        "another OONI bridge runs with bridge id '" + settings.bridgeId() + "' (transactional id "
                                + settings.transactionalId() + "); give each bridge its own --bridge-id",
                        e);
            }
            metrics.poll(country, "kafka_error");
            log.warn(
                    "event=poll_failed country={} cause=kafka error=\"{}\"; reconnecting and reloading state next poll",
                    country,
                    e.getMessage());
            closeKafka();
        }
    }

    /** One poll of one country: the whole trailing window, page by page. */
    public PollReport pollOnce(String country) throws InterruptedException {
        ensureKafka();
        long started = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CountryState state = states.get(country);
        Instant since = state.since(now, settings.trailingWindow());
        Instant until = now.plus(UNTIL_AHEAD);
        ListPage page = api.list(new ListQuery(country, since, until, settings.testNames(), settings.pageSize()));
        int pages = 0;
        int listed = 0;
        int fresh = 0;
        int published = 0;
        int deferred = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        while (true) {
            pages++;
            listed += page.rows().size();
            PageResult r = importPage(country, page, now);
            fresh += r.fresh;
            published += r.published;
            deferred += r.deferred;
            r.skipped.forEach((k, v) -> skipped.merge(k, v, Integer::sum));
            Optional<URI> next = page.next();
            if (next.isEmpty()
                    || page.rows().isEmpty()
                    || next.get().equals(page.url())
                    || pages >= MAX_PAGES_PER_POLL
                    || stopped.getCount() == 0) {
                break;
            }
            page = api.listPage(next.get());
        }
        metrics.poll(country, "ok");
        CountryState after = states.get(country);
        log.info(
                "event=poll country={} since={} until={} pages={} listed={} new={} published={} skipped={} skipped_by_reason={} "
                        + "deferred={} uids_in_state={} lag_s={} duration_ms={}",
                country,
                since,
                until,
                pages,
                listed,
                fresh,
                published,
                skipped.values().stream().mapToInt(Integer::intValue).sum(),
                skipped,
                deferred,
                after.size(),
                after.newestPublished()
                        .map(t -> Duration.between(t, clock.instant()).toSeconds())
                        .map(String::valueOf)
                        .orElse("-"),
                (System.nanoTime() - started) / 1_000_000);
        return new PollReport(country, since, until, pages, listed, fresh, published, Map.copyOf(skipped), deferred);
    }

    private record PageResult(int fresh, int published, Map<String, Integer> skipped, int deferred) {}

    /** Fetches and maps a page's new uids, then commits the measurements and the state together. */
    private PageResult importPage(String country, ListPage page, Instant now) throws InterruptedException {
        CountryState next = states.get(country).copy();
        List<Measurement> batch = new ArrayList<>();
        List<Instant> publishedTimes = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        int fresh = 0;
        int deferred = 0;
        if (page.unusableRows() > 0) {
            skipped.merge("unusable_row", page.unusableRows(), Integer::sum);
            log.warn(
                    "event=rows_unusable country={} url={} rows={} (no uid or start time)",
                    country,
                    page.url(),
                    page.unusableRows());
        }
        for (MeasurementRow row : page.rows()) {
            if (next.seen(row.measurementUid())) {
                continue;
            }
            fresh++;
            metrics.fetched(country);
            String reason = null;
            String detail = null;
            RawBody body;
            try {
                body = api.fetchRaw(row.measurementUid());
            } catch (OoniApiException e) {
                if (e.status() < 500) {
                    // unreachable, or the quota is still exhausted: stop asking for now, the next poll starts over
                    throw e;
                }
                // OONI keeps failing on this body alone: leave it out of the state, so the next poll asks again,
                // and go on with the others rather than hold back every later page.
                deferred++;
                metrics.deferred(country);
                log.warn(
                        "event=body_deferred country={} uid={} url={} status={}; asked again next poll",
                        country,
                        row.measurementUid(),
                        e.url(),
                        e.status());
                continue;
            }
            if (body instanceof RawBody.Skipped s) {
                reason = s.reason().label();
                detail = s.detail();
            } else if (body instanceof RawBody.Body b) {
                try {
                    Mapping m = mapper.map(b.json(), row.measurementUid());
                    if (!m.isMapped()) {
                        reason = m.skipReason().name().toLowerCase(java.util.Locale.ROOT);
                        detail = m.detail();
                    } else {
                        batch.add(m.measurement());
                        publishedTimes.add(row.startTime());
                    }
                } catch (RuntimeException e) {
                    reason = "mapper_error";
                    detail = e.toString();
                    log.error("event=mapper_error uid={} error=\"{}\"", row.measurementUid(), e.toString(), e);
                }
            }
            if (reason != null) {
                skipped.merge(reason, 1, Integer::sum);
                log.debug("event=skipped uid={} reason={} detail=\"{}\"", row.measurementUid(), reason, detail);
            }
            next.remember(row.measurementUid(), row.startTime());
        }
        if (fresh - deferred == 0) {
            // Nothing new handled: no transaction. Rows without a uid cannot be remembered; they are counted each time
            // listed.
            skipped.forEach(metrics::skipped);
            return new PageResult(0, 0, skipped, deferred);
        }
        publishedTimes.forEach(next::published);
        int evicted = next.prune(now, settings.trailingWindow());
        if (evicted > 0) {
            log.warn(
                    "event=state_bounded country={} evicted_uids={} floor={}: more uids in the trailing window than one "
                            + "state record holds; late uploads below the floor are no longer imported (shorten --trailing-window)",
                    country,
                    evicted,
                    next.floor().orElse(null));
        }
        kafka.commit(batch, settings.bridgeId(), next);
        states.put(country, next);
        for (Measurement m : batch) {
            metrics.published(country, m.getPlatform());
        }
        publishedTimes.forEach(t -> metrics.newestPublished(country, t));
        skipped.forEach(metrics::skipped);
        if (!skipped.isEmpty()) {
            log.info(
                    "event=page_committed country={} url={} new={} published={} skipped={}",
                    country,
                    page.url(),
                    fresh,
                    batch.size(),
                    skipped);
        }
        return new PageResult(fresh, batch.size(), skipped, deferred);
    }

    private static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    private void ensureKafka() {
        if (kafka == null) {
            kafka = kafkaFactory.get();
            states = new java.util.HashMap<>(kafka.states());
            states.forEach((cc, s) -> s.newestPublished().ifPresent(t -> metrics.newestPublished(cc, t)));
        }
    }

    private void closeKafka() {
        if (kafka != null) {
            try {
                kafka.close();
            } catch (RuntimeException e) {
                log.debug("closing the producer failed", e);
            }
            kafka = null;
            states = null;
        }
    }

    /** Closes the Kafka producer; for a bridge used through {@link #pollOnce} (run() closes it itself). */
    @Override
    public void close() {
        closeKafka();
    }
}
