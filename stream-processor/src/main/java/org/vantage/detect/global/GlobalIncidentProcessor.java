package org.vantage.detect.global;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.vantage.detect.config.GlobalSettings;
import org.vantage.detect.model.CountryPlatformVerdict;
import org.vantage.detect.model.CountryVerdicts;
import org.vantage.detect.model.DetectionMetrics;
import org.vantage.detect.model.PlatformStatus;
import org.vantage.detect.model.StoreNames;

/**
 * The global stage (one key, one partition): every country's per-platform verdicts, decided window by window in
 * event-time order once every country it expects has reported the window, the same watermark as the country stage's
 * over networks (a country that stops reporting delays it by at most {@code countryWaitTimeout} of wall-clock time).
 * Deciding a window applies its verdicts in a fixed order (platform, country), steps the one incident of a global outage
 * (see {@link GlobalIncident}) and publishes every platform's status with the decision, which the country stage waits
 * for before it steps its own incidents of that window. So whether a platform's failure is the platform's own outage or a
 * country's restriction does not depend on which country's verdicts happened to arrive first.
 */
public final class GlobalIncidentProcessor implements Processor<String, CountryVerdicts, String, GlobalOutput> {
    private final GlobalIncident incident;
    private final GlobalOutageDetector detector;
    private final GlobalSettings settings;
    private final DetectionMetrics metrics;
    private ProcessorContext<String, GlobalOutput> context;
    private KeyValueStore<String, GlobalIncident.State> store;
    private KeyValueStore<String, CountryVerdicts> pending;
    private long startedAt;

    public GlobalIncidentProcessor(
            GlobalIncident incident, GlobalOutageDetector detector, GlobalSettings settings, DetectionMetrics metrics) {
        this.incident = incident;
        this.detector = detector;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, GlobalOutput> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.GLOBAL_INCIDENT);
        this.pending = context.getStateStore(StoreNames.GLOBAL_PENDING_VERDICTS);
        this.startedAt = context.currentSystemTimeMs();
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::decideOverdue);
    }

    @Override
    public void process(Record<String, CountryVerdicts> record) {
        CountryVerdicts v = record.value();
        if (v == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        GlobalIncident.State s = state();
        if (s.firstSeenWallClock == 0) {
            s.firstSeenWallClock = now;
        }
        GlobalIncident.CountryClock clock =
                s.countryClocks.computeIfAbsent(v.country(), c -> new GlobalIncident.CountryClock());
        clock.latestWindowEnd = Math.max(clock.latestWindowEnd, v.windowEnd());
        clock.completeThrough = Math.max(clock.completeThrough, v.completeThrough());
        clock.lastHeardWallClock = now;
        if (v.windowEnd() > s.decidedThrough) {
            String key = pendingKey(v.windowEnd(), v.country());
            CountryVerdicts known = pending.get(key);
            if (known != null) { // a country's second report of a window adds to its first, platform by platform
                Map<String, CountryPlatformVerdict> merged = new TreeMap<>();
                known.verdicts().forEach(p -> merged.put(p.platform(), p));
                v.verdicts().forEach(p -> merged.put(p.platform(), p));
                v = new CountryVerdicts(v.country(), v.windowEnd(), List.copyOf(merged.values()));
            }
            pending.put(key, v);
            s.firstPendingWindow =
                    s.firstPendingWindow == 0 ? v.windowEnd() : Math.min(s.firstPendingWindow, v.windowEnd());
        }
        decide(s, now);
        store.put(GlobalIncident.KEY, s);
    }

    private void decideOverdue(long now) {
        GlobalIncident.State s = store.get(GlobalIncident.KEY);
        if (s != null && s.firstPendingWindow != 0 && decide(s, now)) {
            store.put(GlobalIncident.KEY, s);
        }
    }

    /** Decides, in order, every pending window all expected countries have reported; true when one was decided. */
    private boolean decide(GlobalIncident.State s, long now) {
        // a country reports once per window of its networks' clocks, which may lag the wall clock by up to the grace
        // period
        long through = watermark(
                s.countryClocks,
                s.firstSeenWallClock,
                startedAt,
                now,
                settings.countryWaitTimeout().toMillis(),
                settings.windowMs() + settings.grace().toMillis());
        if (s.firstPendingWindow == 0 || s.firstPendingWindow > through) {
            return false;
        }
        // every pending window up to the watermark, in order; its verdicts in a fixed order (platform, country)
        TreeMap<Long, TreeMap<String, CountryPlatformVerdict>> windows = new TreeMap<>();
        List<String> decidedKeys = new ArrayList<>();
        try (KeyValueIterator<String, CountryVerdicts> it =
                pending.range(pendingKey(0, ""), pendingKey(through, "~"))) {
            it.forEachRemaining(kv -> {
                decidedKeys.add(kv.key);
                TreeMap<String, CountryPlatformVerdict> window =
                        windows.computeIfAbsent(kv.value.windowEnd(), w -> new TreeMap<>());
                kv.value.verdicts().forEach(p -> window.put(p.platform() + "|" + p.country(), p));
            });
        }
        decidedKeys.forEach(pending::delete);
        windows.forEach((windowEnd, verdicts) -> decideWindow(s, windowEnd, verdicts.values()));
        s.firstPendingWindow = 0;
        try (KeyValueIterator<String, CountryVerdicts> it =
                pending.range(pendingKey(0, ""), pendingKey(Long.MAX_VALUE, "~"))) {
            if (it.hasNext()) {
                s.firstPendingWindow = it.next().value.windowEnd();
            }
        }
        return !windows.isEmpty();
    }

    /** Pending verdicts sort by window end, then country. */
    static String pendingKey(long windowEnd, String country) {
        return String.format("%019d", windowEnd) + "|" + country;
    }

    private void decideWindow(GlobalIncident.State s, long windowEnd, Iterable<CountryPlatformVerdict> verdicts) {
        for (CountryPlatformVerdict v : verdicts) {
            s.platforms.put(v.platform(), detector.update(s.platforms.get(v.platform()), v));
        }
        long now = context.currentSystemTimeMs();
        incident.stepAt(s, windowEnd, now).ifPresent(alert -> {
            metrics.alert(alert);
            context.forward(
                    new Record<String, GlobalOutput>(alert.getIncidentId(), new GlobalOutput.Alert(alert), now));
        });
        long fresh = windowEnd - GlobalOutageDetector.FRESH_WINDOWS * settings.windowMs();
        List<PlatformStatus> decided = new ArrayList<>();
        for (PlatformStatus p : s.platforms.values()) {
            decided.add(p.decided(windowEnd, p.global() && p.updatedAt() >= fresh, settings.windowMs()));
        }
        for (PlatformStatus p : decided) {
            s.platforms.put(p.platform(), p);
            context.forward(new Record<String, GlobalOutput>(p.platform(), new GlobalOutput.Status(p), windowEnd));
        }
        s.decidedThrough = Math.max(s.decidedThrough, windowEnd);
    }

    /**
     * The newest window every expected country has reported: the oldest "latest reported window" among the countries heard
     * within the last window plus {@code waitMs} of wall-clock time (after a restart, every country known before it is
     * expected again); nothing while the stage or its first country is younger than {@code waitMs}.
     *
     * <p>A country is not waited for either once its networks are far behind the newest country's in event time (by
     * more than a window plus {@code waitMs}; see {@link org.vantage.detect.model.CountryVerdicts#completeThrough}), it
     * holds no complete window back (one that does waits for this stage's decisions) and it has not been heard from for
     * {@code waitMs}: its timeline ended long before theirs (a replay of scenarios months apart, a country whose networks
     * all went quiet). What it did report is decided with the rest, in order. Live, countries' clocks are within a window
     * or two of each other, so only the wall-clock rule above applies; in a fast replay or a backlog this lets the later
     * countries' windows be decided without waiting out the earlier ones' wall-clock allowance. The price: a country
     * whose task stops for longer than {@code waitMs} while the others are that far ahead (a backlog read during a
     * rebalance) has its next windows decided without it, as a country that stops for longer than the wall-clock
     * allowance always has.
     */
    static long watermark(
            Map<String, GlobalIncident.CountryClock> countries,
            long firstSeen,
            long startedAt,
            long now,
            long waitMs,
            long windowMs) {
        if (now - firstSeen < waitMs || now - startedAt < waitMs) {
            return Long.MIN_VALUE;
        }
        long newest = Long.MIN_VALUE;
        for (GlobalIncident.CountryClock c : countries.values()) {
            newest = Math.max(newest, reached(c));
        }
        long low = Long.MAX_VALUE;
        for (GlobalIncident.CountryClock c : countries.values()) {
            long lastHeard = Math.max(c.lastHeardWallClock, startedAt);
            boolean heard = now - lastHeard <= windowMs + waitMs;
            // a country that holds windows back waits for this stage's decisions: it has not ended
            boolean endedLongBefore = now - lastHeard > waitMs
                    && c.completeThrough <= c.latestWindowEnd
                    && newest - c.latestWindowEnd > windowMs + waitMs;
            if (heard && !endedLongBefore) {
                low = Math.min(low, c.latestWindowEnd);
            }
        }
        return low == Long.MAX_VALUE ? Long.MIN_VALUE : low;
    }

    /** How far a country's networks are: a country may hold complete windows back until its oldest are decided. */
    private static long reached(GlobalIncident.CountryClock c) {
        return Math.max(c.latestWindowEnd, c.completeThrough);
    }

    private GlobalIncident.State state() {
        GlobalIncident.State s = store.get(GlobalIncident.KEY);
        return s == null ? new GlobalIncident.State() : s;
    }
}
