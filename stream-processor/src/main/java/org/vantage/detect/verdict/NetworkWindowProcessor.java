package org.vantage.detect.verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.VerdictSettings;
import org.vantage.detect.config.WindowSettings;
import org.vantage.detect.model.DetectionMetrics;
import org.vantage.detect.model.LateEvidence;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.PlatformVerdict;
import org.vantage.detect.model.RegionStatus;
import org.vantage.detect.model.RejectReason;
import org.vantage.detect.model.StoreNames;
import org.vantage.detect.validate.DeadLetter;
import org.vantage.detect.validate.Rejection;
import org.vantage.detect.validate.Trust;
import org.vantage.detect.validate.Validated;
import org.vantage.detect.window.LateTally;
import org.vantage.detect.window.NetworkState;
import org.vantage.detect.window.SparseLedger;
import org.vantage.detect.window.SummaryKeys;
import org.vantage.detect.window.WarmupRule;
import org.vantage.detect.window.WindowClock;
import org.vantage.detect.window.WindowSummary;
import org.vantage.schema.Measurement;
import org.vantage.schema.MeasurementSource;
import org.vantage.schema.ProbeHeartbeat;

/**
 * The per-network stage: runs on the partitions of the measurement and heartbeat topics (both keyed
 * {@code CC:ASN}), so no raw event is ever shuffled.
 *
 * <p>Windowing is done here with plain state stores rather than the DSL's windowed aggregation, because
 * detection needs things the DSL does not give: each network has its own event-time watermark advanced
 * only by validated records; a window is judged once, when the watermark is {@code grace} past its end, so that its
 * judgement (and what its baselines and streaks learn from it) depends on the set of measurements that arrived within
 * grace, not on their order; later measurements join a late tally, handed to the country stage as evidence of the
 * past; and a wall-clock punctuator detects networks whose probes fell silent, which no event-time mechanism can see
 * (their open windows are judged then, with what they have).
 *
 * <p>The hot path is one measurement: it changes two live objects (its window summary and its network's
 * state) held by {@link org.vantage.detect.window.WriteBackStore}s, which serialise each changed key once per commit. De-duplication
 * happens inside the summary ({@link WindowSummary#add}), so there is no per-measurement store write at all.
 */
public final class NetworkWindowProcessor implements Processor<String, Validated, String, NetworkOutput> {
    /** Regions judged per network and window (the most probed ones): regions are free text reported by probes. */
    static final int MAX_REGIONS = 32;

    private final WindowSettings settings;
    /** Weight of a new healthy window in a platform's baseline. */
    private final double baselineAlpha;

    private final WindowClock clock;
    private final WarmupRule warmup;
    private final StreakPriors streaks;
    private final NetworkVerdict verdicts;
    /** The same rules for the regions of the network, sustained for {@code regionSustainWindows}. */
    private final NetworkVerdict regionVerdicts;

    private final DetectionMetrics metrics;
    private ProcessorContext<String, NetworkOutput> context;
    // Write-back stores: a measurement changes live objects only; they are serialised once per commit.
    private KeyValueStore<String, WindowSummary> summaries;
    private KeyValueStore<String, NetworkState> states;
    private KeyValueStore<String, Baseline> baselines;
    private KeyValueStore<String, SparseLedger> sparseLedgers;
    private KeyValueStore<String, LateTally> lateTallies;
    private long startedAt;

    public NetworkWindowProcessor(WindowSettings settings, VerdictSettings verdictSettings, DetectionMetrics metrics) {
        this.settings = settings;
        this.baselineAlpha = verdictSettings.baselineAlpha();
        this.clock = new WindowClock(settings.windowSize(), settings.grace());
        this.warmup = new WarmupRule(settings.probeWarmup());
        this.streaks =
                new StreakPriors(settings.windowSize(), settings.grace(), verdictSettings.regionSustainWindows());
        this.verdicts = new NetworkVerdict(verdictSettings);
        this.regionVerdicts = new NetworkVerdict(verdictSettings.forRegions());
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, NetworkOutput> context) {
        this.context = context;
        this.summaries = context.getStateStore(StoreNames.WINDOW_SUMMARIES);
        this.baselines = context.getStateStore(StoreNames.BASELINES);
        this.states = context.getStateStore(StoreNames.NETWORK_STATE);
        this.sparseLedgers = context.getStateStore(StoreNames.SPARSE_LEDGER);
        this.lateTallies = context.getStateStore(StoreNames.LATE_EVIDENCE);
        this.startedAt = context.currentSystemTimeMs();
        context.schedule(settings.silenceCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, Validated> record) {
        if (record.value() instanceof Validated.ValidMeasurement vm) {
            measurement(record, vm);
        } else if (record.value() instanceof Validated.ValidHeartbeat vh) {
            heartbeat(record.key(), vh.heartbeat(), vh.trust());
        } else if (record.value() instanceof Validated.Rejected r) {
            // passed through to this stage's one dead-letter output: cheaper than a branch before it, which every
            // valid measurement would cross
            context.forward(new Record<String, NetworkOutput>(
                    record.key(),
                    new NetworkOutput.DeadLettered(r.deadLetter()),
                    record.timestamp(),
                    record.headers()));
        }
    }

    private void measurement(Record<String, Validated> record, Validated.ValidMeasurement vm) {
        Measurement m = vm.measurement();
        if (m.getSource() == MeasurementSource.OONI) {
            sparse(record, vm);
            return;
        }
        NetworkState st = state(record.key(), m.getCountry(), m.getAsn());
        long eventTime = m.getEventTime().toEpochMilli();
        long windowStart = clock.startOf(eventTime);
        long windowEnd = clock.endOf(windowStart);
        if (st.watermark != Long.MIN_VALUE && clock.isClosed(windowEnd, st.watermark)) {
            late(
                    record,
                    vm,
                    st,
                    eventTime,
                    windowStart,
                    "window " + Instant.ofEpochMilli(windowStart)
                            + " closed: the network's event time is already " + Instant.ofEpochMilli(st.watermark)
                            + " (grace " + settings.grace().toSeconds() + " s)");
            return;
        }
        NetworkState.WindowFlags flags = st.windows.get(windowStart);
        if (flags != null && flags.emitted) {
            late(
                    record,
                    vm,
                    st,
                    eventTime,
                    windowStart,
                    "window " + Instant.ofEpochMilli(windowStart)
                            + " was judged when the network's probes fell silent");
            return;
        }
        String tallyId =
                vm.trust() == Trust.UNVERIFIED ? WindowSummary.UNVERIFIED_PREFIX + m.getProbeId() : m.getProbeId();
        NetworkState.ProbeSeen seen = st.probes.get(tallyId);
        if (warmup.warmingUp(st, seen, eventTime)) {
            // a sign of life, but not evidence yet; nor may it move the network's clock
            metrics.warmingUp();
            heard(record.key(), st, tallyId, seen, eventTime, false, m.getRegion());
            return;
        }
        if (flags == null) {
            flags = new NetworkState.WindowFlags();
            st.windows.put(windowStart, flags);
            if (st.nextDue != Long.MIN_VALUE) {
                st.nextDue = Math.min(st.nextDue, clock.closesAt(windowEnd));
            }
        }
        String key = flags.summaryKey(record.key(), windowStart, m.getPlatform());
        WindowSummary summary = summaries.get(key);
        if (summary == null) {
            summary = WindowSummary.empty(m.getCountry(), m.getAsn(), m.getPlatform(), windowStart, windowEnd);
            flags.platforms.add(m.getPlatform());
        }
        String probeId = seen != null && seen.id != null ? seen.id : tallyId;
        // out of order: the network's clock had passed the window's end already (counted all the same, within grace)
        boolean outOfOrder = st.watermark != Long.MIN_VALUE && st.watermark >= windowEnd;
        switch (summary.add(m, probeId, settings.maxSamplesPerProbe(), outOfOrder)) {
            case DUPLICATE -> {
                metrics.duplicate();
                return;
            }
            case OVER_CAP -> metrics.overCap();
            case COUNTED -> metrics.measurement();
        }
        summaries.put(key, summary);
        if (st.networkType == null && m.getNetworkType() != null) {
            st.networkType = m.getNetworkType().name();
        }
        heard(record.key(), st, probeId, seen, eventTime, true, m.getRegion());
    }

    /**
     * A measurement whose window was judged already (later than the grace period, e.g. a probe's spool delivered after an
     * outage, or after its network fell silent): it stays out of the live windows, which were judged and whose baselines
     * learned, but it is evidence of what happened then, so it joins the network's late tally, handed to the country
     * stage to revise the record of its incidents.
     * Measurements older than the late horizon ({@code lateHorizon}, the max age, behind the network's clock, so the
     * decision depends on the network's records only) and those of unverified probes (whose weight in the live windows is capped, which a tally of
     * counts cannot do) are dead-lettered as before.
     */
    private void late(
            Record<String, Validated> record,
            Validated.ValidMeasurement vm,
            NetworkState st,
            long eventTime,
            long windowStart,
            String why) {
        Measurement m = vm.measurement();
        if (st.watermark - eventTime > settings.lateHorizon().toMillis()) {
            deadLetter(
                    record,
                    vm,
                    why + ", and it is older than the late horizon (" + settings.lateHorizon() + " behind it)");
            return;
        }
        if (vm.trust() == Trust.UNVERIFIED) {
            deadLetter(record, vm, why + ", and late evidence is taken from verified probes only");
            return;
        }
        LateTally tally = lateTallies.get(record.key());
        if (tally == null) {
            tally = new LateTally();
        }
        NetworkState.ProbeSeen seen = st.probes.get(m.getProbeId());
        String probeId = seen != null && seen.id != null ? seen.id : m.getProbeId();
        switch (tally.add(
                m.getMeasurementId(),
                probeId,
                m.getPlatform(),
                WindowSummary.isFailure(m.getOutcome()),
                eventTime,
                windowStart,
                context.currentSystemTimeMs())) {
            case DUPLICATE -> metrics.duplicate();
            case FULL ->
                deadLetter(record, vm, why + ", and the network's late tally already holds its maximum of windows");
            case COUNTED -> {
                metrics.lateMeasurement();
                lateTallies.put(record.key(), tally);
            }
        }
    }

    private void deadLetter(Record<String, Validated> record, Validated.ValidMeasurement vm, String message) {
        metrics.invalid(RejectReason.LATE_BEYOND_GRACE);
        Rejection r = new Rejection(RejectReason.LATE_BEYOND_GRACE, message);
        DeadLetter dl = DeadLetter.of(vm.rawKey(), vm.rawValue(), r, context.recordMetadata());
        context.forward(new Record<String, NetworkOutput>(
                record.key(), new NetworkOutput.DeadLettered(dl), record.timestamp(), dl.headers(record.headers())));
    }

    /** Hands the network's pending late measurements to the country stage in one status, and clears them. */
    private void flushLate(String key, NetworkState st, LateTally tally) {
        LateEvidence evidence =
                tally.drain(st.watermark - settings.lateHorizon().toMillis());
        keepOrDelete(key, tally);
        long first = clock.startOf(evidence.firstEventTime());
        forward(
                st,
                new NetworkStatus(
                        st.country,
                        st.asn,
                        st.networkType,
                        first,
                        clock.endOf(clock.startOf(evidence.lastEventTime())),
                        0,
                        false,
                        st.lastHeardEventTime,
                        activeProbes(st),
                        List.of(),
                        null,
                        List.of(),
                        evidence));
    }

    private void keepOrDelete(String key, LateTally tally) {
        if (tally.isEmpty()) {
            lateTallies.delete(key);
        } else {
            lateTallies.put(key, tally);
        }
    }

    /**
     * Late tallies pending for {@code silenceAfter} of wall clock are handed on (the network's clock stands still: its
     * live data stopped), and the ids of measurements beyond the late horizon forgotten.
     */
    private void punctuateLate(long now) {
        List<KeyValue<String, LateTally>> all = new ArrayList<>();
        try (KeyValueIterator<String, LateTally> it = lateTallies.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, LateTally> kv : all) {
            NetworkState st = states.get(kv.key);
            if (st == null) {
                lateTallies.delete(kv.key);
            } else if (kv.value.pending()
                    && now - kv.value.pendingSince >= settings.silenceAfter().toMillis()) {
                flushLate(kv.key, st, kv.value);
            } else if (!kv.value.pending()) {
                int before = kv.value.ids.size();
                kv.value.forgetBefore(st.watermark - settings.lateHorizon().toMillis());
                if (kv.value.ids.size() != before) {
                    keepOrDelete(kv.key, kv.value);
                }
            }
        }
    }

    /**
     * A sparse source's measurement (OONI): too rare for minute windows, and its test runs are not probes that
     * send heartbeats, so it neither moves the network's clock nor counts for silence. It joins the network's
     * ledger, and the network's votes go to the country stage, which pools them over the country.
     */
    private void sparse(Record<String, Validated> record, Validated.ValidMeasurement vm) {
        Measurement m = vm.measurement();
        SparseLedger ledger = sparseLedgers.get(record.key());
        if (ledger == null) {
            ledger = new SparseLedger();
        }
        long retention = settings.sparseRetention().toMillis();
        switch (ledger.add(m, retention)) {
            case DUPLICATE -> metrics.duplicate();
            case LATE -> {
                metrics.invalid(RejectReason.LATE_BEYOND_GRACE);
                Rejection r = new Rejection(
                        RejectReason.LATE_BEYOND_GRACE,
                        "sparse-source measurement of " + m.getEventTime()
                                + " is older than the network's newest one (" + Instant.ofEpochMilli(ledger.newest)
                                + ") by more than the "
                                + "sparse retention (" + settings.sparseRetention() + ")");
                DeadLetter dl = DeadLetter.of(vm.rawKey(), vm.rawValue(), r, context.recordMetadata());
                context.forward(new Record<String, NetworkOutput>(
                        record.key(),
                        new NetworkOutput.DeadLettered(dl),
                        record.timestamp(),
                        dl.headers(record.headers())));
            }
            case ADDED -> {
                metrics.measurement();
                sparseLedgers.put(record.key(), ledger);
                long w = clock.startOf(ledger.newest);
                String type =
                        m.getNetworkType() == null ? null : m.getNetworkType().name();
                context.forward(new Record<String, NetworkOutput>(
                        m.getCountry(),
                        new NetworkOutput.Status(new NetworkStatus(
                                m.getCountry(),
                                m.getAsn(),
                                type,
                                w,
                                clock.endOf(w),
                                0,
                                false,
                                ledger.newest,
                                0,
                                List.of(),
                                ledger.tally())),
                        context.currentSystemTimeMs()));
            }
        }
    }

    private void heartbeat(String key, ProbeHeartbeat h, Trust trust) {
        metrics.heartbeat();
        NetworkState st = state(key, h.getCountry(), h.getAsn());
        if (st.networkType == null && h.getNetworkType() != null) {
            st.networkType = h.getNetworkType().name();
        }
        // Heartbeats are sent live while measurements may arrive late from a probe's spool: a heartbeat is a
        // sign of life only and must not move the network's event-time clock past measurements still on
        // their way (they would all be rejected as too late).
        String id = trust == Trust.UNVERIFIED ? WindowSummary.UNVERIFIED_PREFIX + h.getProbeId() : h.getProbeId();
        heard(key, st, id, st.probes.get(id), h.getEventTime().toEpochMilli(), false, h.getRegion());
    }

    /**
     * Notes a sign of life ({@code seen}: the probe's entry, looked up once by the caller, or null when it is new);
     * a measurement also advances the watermark and emits what became due.
     */
    private void heard(
            String key,
            NetworkState st,
            String probeId,
            NetworkState.ProbeSeen seen,
            long eventTime,
            boolean advancesClock,
            String region) {
        if (seen == null) {
            seen = new NetworkState.ProbeSeen();
            seen.firstEventTime = eventTime;
            st.probes.put(probeId, seen);
        } else if (seen.firstEventTime > eventTime) {
            seen.firstEventTime = eventTime; // data from its spool, older than what was heard first
        }
        if (seen.id == null) {
            seen.id = probeId;
        }
        if (region != null && !region.equals(seen.region)) {
            seen.region = region;
        }
        seen.lastWallClock = context.currentSystemTimeMs();
        seen.lastEventTime = Math.max(seen.lastEventTime, eventTime);
        st.lastHeardEventTime = Math.max(st.lastHeardEventTime, eventTime);
        if (st.firstEventTime == 0 || eventTime < st.firstEventTime) {
            st.firstEventTime = eventTime;
        }
        if (!st.silentRegions.isEmpty() && seen.region != null && st.silentRegions.remove(seen.region)) {
            long w = clock.startOf(eventTime);
            forward(
                    st,
                    new NetworkStatus(
                            st.country,
                            st.asn,
                            st.networkType,
                            w,
                            clock.endOf(w),
                            0,
                            false,
                            st.lastHeardEventTime,
                            activeProbes(st),
                            List.of(),
                            null,
                            List.of(new RegionStatus(seen.region, 1, false, eventTime, List.of()))));
        }
        if (st.silent) {
            st.silent = false;
            st.silentRegions.clear();
            forward(
                    st,
                    new NetworkStatus(
                            st.country,
                            st.asn,
                            st.networkType,
                            clock.startOf(st.lastHeardEventTime),
                            clock.endOf(clock.startOf(st.lastHeardEventTime)),
                            0,
                            false,
                            st.lastHeardEventTime,
                            activeProbes(st),
                            List.of()));
        }
        if (advancesClock && eventTime > st.watermark) {
            st.watermark = eventTime;
            advance(key, st);
        }
        states.put(key, st);
    }

    /**
     * Judges the windows whose end the watermark passed by the grace period, oldest first, and closes them: their
     * summaries go, and later measurements of them are late evidence.
     */
    private void advance(String key, NetworkState st) {
        if (st.nextDue != Long.MIN_VALUE && st.watermark < st.nextDue) {
            return; // nothing became due: the common case, one comparison per measurement
        }
        List<Long> closed = new ArrayList<>();
        long nextDue = Long.MAX_VALUE;
        boolean judged = false;
        for (Map.Entry<Long, NetworkState.WindowFlags> e : st.windows.entrySet()) {
            long start = e.getKey();
            long end = clock.endOf(start);
            if (clock.isClosed(end, st.watermark)) {
                if (!e.getValue().emitted) {
                    emit(key, st, start, e.getValue());
                    judged = true;
                }
                closed.add(start);
            } else {
                nextDue = Math.min(nextDue, clock.closesAt(end));
            }
        }
        st.nextDue = nextDue;
        if (judged) {
            // with the network's clock, so that the same records give the same late statuses
            LateTally tally = lateTallies.get(key);
            if (tally != null && tally.pending()) {
                flushLate(key, st, tally);
            }
        }
        for (Long start : closed) {
            NetworkState.WindowFlags flags = st.windows.remove(start);
            for (String platform : platformsOf(key, start, flags)) {
                summaries.delete(SummaryKeys.of(key, start, platform));
            }
        }
    }

    /** The window's one judgement: its verdicts and regions, from which its baselines and streaks learn. */
    private void emit(String key, NetworkState st, long windowStart, NetworkState.WindowFlags flags) {
        Map<String, WindowSummary> byPlatform = new TreeMap<>();
        for (String platform : platformsOf(key, windowStart, flags)) {
            WindowSummary s = summaries.get(SummaryKeys.of(key, windowStart, platform));
            if (s != null) {
                byPlatform.put(platform, s);
            }
        }
        Map<String, Baseline> known = new TreeMap<>();
        for (String platform : byPlatform.keySet()) {
            Baseline b = baselines.get(key + "|" + platform);
            if (b != null) {
                known.put(platform, b);
            }
        }
        List<PlatformVerdict> judged =
                verdicts.judge(byPlatform, known, streaks.prior(st.streaks, byPlatform.keySet(), "", windowStart));
        StreakPriors.remember(st.streaks, judged, "", windowStart);
        List<RegionStatus> regions = regions(st, byPlatform, known, windowStart);
        PlatformVerdict control = judged.stream()
                .filter(v -> v.platform().equals(DetectionThresholds.CONTROL))
                .findFirst()
                .orElse(null);
        for (PlatformVerdict v : judged) {
            if (verdicts.healthyForBaseline(v, control)) {
                Baseline b = known.getOrDefault(v.platform(), Baseline.empty());
                baselines.put(key + "|" + v.platform(), b.learn(v.latencyMedianMs(), v.failureRate(), baselineAlpha));
            }
        }
        flags.emitted = true;
        flags.dirty = false;
        forward(
                st,
                new NetworkStatus(
                        st.country,
                        st.asn,
                        st.networkType,
                        windowStart,
                        clock.endOf(windowStart),
                        0,
                        false,
                        st.lastHeardEventTime,
                        activeProbes(st),
                        judged,
                        null,
                        regions));
    }

    /**
     * The window judged per region of the network's probes, with the network's rules (minimum probes, per-probe caps,
     * control of the same region), sustained for {@code regionSustainWindows} per region and platform. At most {@link #MAX_REGIONS} regions,
     * those with the most probes: the region is free text reported by probes.
     */
    private List<RegionStatus> regions(
            NetworkState st, Map<String, WindowSummary> byPlatform, Map<String, Baseline> known, long windowStart) {
        Map<String, Map<String, WindowSummary>> byRegion = new TreeMap<>();
        Map<String, java.util.Set<String>> probes = new TreeMap<>();
        for (Map.Entry<String, WindowSummary> e : byPlatform.entrySet()) {
            for (Map.Entry<String, WindowSummary> r : e.getValue().byRegion().entrySet()) {
                byRegion.computeIfAbsent(r.getKey(), x -> new TreeMap<>()).put(e.getKey(), r.getValue());
                probes.computeIfAbsent(r.getKey(), x -> new java.util.HashSet<>())
                        .addAll(r.getValue().probes.keySet());
            }
        }
        List<String> kept = new ArrayList<>(byRegion.keySet());
        if (kept.size() > MAX_REGIONS) {
            kept.sort((a, b) -> probes.get(b).size() != probes.get(a).size()
                    ? probes.get(b).size() - probes.get(a).size()
                    : a.compareTo(b));
            kept = new ArrayList<>(kept.subList(0, MAX_REGIONS));
            kept.sort(null);
        }
        streaks.forgetStaleRegions(st.streaks, windowStart);
        List<RegionStatus> out = new ArrayList<>();
        for (String region : kept) {
            Map<String, WindowSummary> views = byRegion.get(region);
            String scope = region + "/";
            List<PlatformVerdict> judged =
                    regionVerdicts.judge(views, known, streaks.prior(st.streaks, views.keySet(), scope, windowStart));
            StreakPriors.remember(st.streaks, judged, scope, windowStart);
            out.add(RegionStatus.judged(region, probes.get(region).size(), st.lastHeardEventTime, judged));
        }
        return out;
    }

    /** Wall-clock check: late evidence held back too long, and networks (or regions) whose probes all fell silent. */
    private void punctuate(long now) {
        punctuateLate(now);
        List<KeyValue<String, NetworkState>> all = new ArrayList<>();
        try (KeyValueIterator<String, NetworkState> it = states.all()) {
            it.forEachRemaining(all::add);
        }
        long silenceMs = settings.silenceAfter().toMillis();
        long forgetMs = 10 * silenceMs;
        for (KeyValue<String, NetworkState> kv : all) {
            NetworkState st = kv.value;
            boolean changed = st.probes.values().removeIf(p -> p.lastWallClock < now - forgetMs);
            boolean quiet = !st.probes.isEmpty()
                    && st.probes.values().stream().allMatch(p -> p.lastWallClock < now - silenceMs);
            // Silence is evidence only where data arrived live (event time near the wall clock when received):
            // the end of a replay or of a spool backfill is not an outage.
            boolean wasLive = st.probes.values().stream().anyMatch(p -> p.lastWallClock - p.lastEventTime <= silenceMs);
            if (!st.silent
                    && quiet
                    && wasLive
                    && st.probes.size() >= settings.minProbes()
                    && now - startedAt >= silenceMs) {
                // windows that will never complete are judged with what they have (once: what arrives for them later is
                // late evidence), then the silence is reported
                for (Map.Entry<Long, NetworkState.WindowFlags> e : st.windows.entrySet()) {
                    if (!e.getValue().emitted) {
                        emit(kv.key, st, e.getKey(), e.getValue());
                    }
                }
                st.silent = true;
                long w = clock.startOf(st.lastHeardEventTime);
                forward(
                        st,
                        new NetworkStatus(
                                st.country,
                                st.asn,
                                st.networkType,
                                w,
                                clock.endOf(w),
                                0,
                                true,
                                st.lastHeardEventTime,
                                st.probes.size(),
                                List.of()));
                changed = true;
            }
            if (!st.silent && !quiet && now - startedAt >= silenceMs) {
                changed |= regionSilences(st, now, silenceMs);
            }
            if (changed) {
                states.put(kv.key, st);
            }
        }
    }

    /**
     * Regions all of whose probes fell silent while others of the network still send (a regional shutdown inside a
     * national network), with the network's rule: quiet for {@code silenceAfter}, and only where data arrived live.
     * Reported whatever the number of probes: the country stage pools the region's probes of all networks of a type
     * and needs {@code minProbes} of them silent.
     */
    private boolean regionSilences(NetworkState st, long now, long silenceMs) {
        Map<String, List<NetworkState.ProbeSeen>> byRegion = new TreeMap<>();
        for (NetworkState.ProbeSeen p : st.probes.values()) {
            if (p.region != null) {
                byRegion.computeIfAbsent(p.region, r -> new ArrayList<>()).add(p);
            }
        }
        boolean changed = false;
        for (Map.Entry<String, List<NetworkState.ProbeSeen>> e : byRegion.entrySet()) {
            List<NetworkState.ProbeSeen> ps = e.getValue();
            boolean quiet = ps.stream().allMatch(p -> p.lastWallClock < now - silenceMs);
            boolean wasLive = ps.stream().anyMatch(p -> p.lastWallClock - p.lastEventTime <= silenceMs);
            if (quiet && wasLive && st.silentRegions.size() < MAX_REGIONS && st.silentRegions.add(e.getKey())) {
                long lastHeard =
                        ps.stream().mapToLong(p -> p.lastEventTime).max().orElse(st.lastHeardEventTime);
                long w = clock.startOf(st.lastHeardEventTime);
                forward(
                        st,
                        new NetworkStatus(
                                st.country,
                                st.asn,
                                st.networkType,
                                w,
                                clock.endOf(w),
                                0,
                                false,
                                st.lastHeardEventTime,
                                activeProbes(st),
                                List.of(),
                                null,
                                List.of(new RegionStatus(e.getKey(), ps.size(), true, lastHeard, List.of()))));
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Stamped with the wall clock (the time of the judgement), not the window's end, which the status carries: the
     * topic has time retention, and event-time stamps from a replay of past events would be deleted at the broker's
     * next retention check, before a lagging country stage read them. Nothing downstream orders by this stamp.
     */
    private void forward(NetworkState st, NetworkStatus status) {
        context.forward(new Record<String, NetworkOutput>(
                st.country, new NetworkOutput.Status(status), context.currentSystemTimeMs()));
    }

    private int activeProbes(NetworkState st) {
        long since = context.currentSystemTimeMs() - settings.silenceAfter().toMillis();
        return (int) st.probes.values().stream()
                .filter(p -> p.lastWallClock >= since)
                .count();
    }

    private NetworkState state(String key, String country, long asn) {
        NetworkState st = states.get(key);
        return st == null ? NetworkState.of(country, asn) : st;
    }

    /** The platforms with a summary in a window; state written before that was tracked is scanned instead. */
    private Iterable<String> platformsOf(String networkKey, long windowStart, NetworkState.WindowFlags flags) {
        if (!flags.platforms.isEmpty()) {
            return flags.platforms;
        }
        List<String> found = new ArrayList<>();
        try (KeyValueIterator<String, WindowSummary> it =
                summaries.prefixScan(SummaryKeys.prefix(networkKey, windowStart), new StringSerializer())) {
            it.forEachRemaining(kv -> found.add(kv.value.platform));
        }
        return found;
    }
}
