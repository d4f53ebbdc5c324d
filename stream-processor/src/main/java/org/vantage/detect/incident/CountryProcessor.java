package org.vantage.detect.incident;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.vantage.detect.config.IncidentSettings;
import org.vantage.detect.config.NationalSettings;
import org.vantage.detect.model.AffectedNetworkEvidence;
import org.vantage.detect.model.Candidate;
import org.vantage.detect.model.CountryPlatformVerdict;
import org.vantage.detect.model.CountryState;
import org.vantage.detect.model.CountryVerdicts;
import org.vantage.detect.model.DetectionMetrics;
import org.vantage.detect.model.IncidentState;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.PlatformStatus;
import org.vantage.detect.model.RegionStreak;
import org.vantage.detect.model.Slot;
import org.vantage.detect.model.SparseEvidence;
import org.vantage.detect.model.StoreNames;
import org.vantage.detect.national.NationalAssessment;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkInfo;

/**
 * The per-country stage (keyed by country, fed by {@code vantage.network-status.v1}).
 *
 * <p>Network statuses are buffered per window, and the country is assessed window by window, in order,
 * once every network it expects has reported that window: the country's low watermark is the oldest
 * "latest reported window" among its networks that are not silent and reported within the last window
 * plus {@code countryWaitTimeout} of wall-clock time. So an incident opens with all its networks even when
 * the per-network tasks run at different speeds (a replay, a catch-up after downtime), and a network that
 * stops reporting delays the country by at most that timeout (checked on wall-clock punctuation). When a
 * country is first seen, or the task (re)starts, assessment waits {@code countryWaitTimeout} so that every
 * network can show up. A
 * silence status is assessed at once. Each assessment steps the incident state machines and emits alerts
 * and the country's per-platform verdicts for the global stage.
 */
public final class CountryProcessor implements Processor<String, NetworkStatus, String, CountryOutput> {
    static final int MAX_HISTORY = 50;
    /**
     * How many windows a country sends to the global stage ahead of the oldest one whose decision it still waits for.
     * The decisions it waits for are read from each platform's recent history ({@link
     * PlatformStatus#GLOBAL_HISTORY_WINDOWS}), so a backlog sent all at once would be decided past what the history
     * remembers before the country gets to step its oldest windows.
     */
    static final int WINDOWS_AHEAD = 10;
    /**
     * How often windows waiting for the global stage's decision are checked (wall clock): the decision arrives through a
     * global table, which calls nothing, so this check is part of every alert's latency and of each step of a backlog.
     */
    static final java.time.Duration GLOBAL_CHECK_INTERVAL = java.time.Duration.ofMillis(250);

    private final NationalSettings settings;
    private final IncidentSettings incidentSettings;
    private final NationalAssessment assessment;
    private final IncidentStateMachine incidents;
    private final DetectionMetrics metrics;
    private ProcessorContext<String, CountryOutput> context;
    private KeyValueStore<String, NetworkStatus> latest;
    private KeyValueStore<String, NetworkStatus> windows;
    private KeyValueStore<String, CountryState> countries;
    private KeyValueStore<String, NetworkStatus> sparseStatuses;
    private final SparseEvidence sparseEvidence;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<NetworkInfo>> reference;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<PlatformStatus>> platforms;
    private long startedAt;
    /** Countries of this task with windows waiting for the global decision; null until the first check after a (re)start. */
    private Set<String> awaiting;

    public CountryProcessor(NationalSettings settings, IncidentSettings incidentSettings, DetectionMetrics metrics) {
        this.settings = settings;
        this.incidentSettings = incidentSettings;
        this.assessment = new NationalAssessment(settings);
        this.incidents = new IncidentStateMachine(incidentSettings);
        this.sparseEvidence = new SparseEvidence(settings);
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, CountryOutput> context) {
        this.context = context;
        this.latest = context.getStateStore(StoreNames.COUNTRY_NETWORK_STATUS);
        this.windows = context.getStateStore(StoreNames.COUNTRY_WINDOW_STATUS);
        this.countries = context.getStateStore(StoreNames.COUNTRY_STATE);
        this.sparseStatuses = context.getStateStore(StoreNames.COUNTRY_SPARSE_STATUS);
        this.reference = context.getStateStore(StoreNames.NETWORK_REFERENCE);
        this.platforms = context.getStateStore(StoreNames.PLATFORM_STATUS_GLOBAL);
        this.startedAt = context.currentSystemTimeMs();
        context.schedule(settings.silenceCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::assessOverdue);
        context.schedule(GLOBAL_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::stepDecided);
    }

    @Override
    public void process(Record<String, NetworkStatus> record) {
        NetworkStatus s = record.value();
        if (s == null) {
            return;
        }
        if (s.isLate()) {
            late(s);
            return;
        }
        if (s.isSparse()) {
            sparse(s);
            return;
        }
        if (s.regionChange()) {
            regionChange(s);
            return;
        }
        String cc = s.country();
        long now = context.currentSystemTimeMs();
        CountryState cs = Optional.ofNullable(countries.get(cc)).orElseGet(() -> CountryState.of(cc));
        if (cs.firstSeenWallClock == 0) {
            cs.firstSeenWallClock = now;
        }
        CountryState.NetworkProgress progress =
                cs.networks.computeIfAbsent(s.asn(), a -> new CountryState.NetworkProgress());
        boolean wasSilent = progress.silence != null;
        progress.lastStatusWallClock = now;
        String latestKey = latestKey(cc, s.asn());
        NetworkStatus stored = latest.get(latestKey);
        if (stored == null || s.windowEnd() >= stored.windowEnd() || s.silent() != stored.silent()) {
            latest.put(latestKey, s);
        }
        if (s.silent()) {
            progress.silence = s;
            assessWindow(cs, Math.max(cs.lastAssessedEnd, s.windowEnd()), false);
        } else {
            if (wasSilent) {
                progress.silentRegions.clear(); // the network's own state forgets them when it comes back
            }
            progress.silence = null;
            if (!s.platforms().isEmpty()) {
                progress.latestWindowEnd = Math.max(progress.latestWindowEnd, s.windowEnd());
                if (s.windowEnd() > cs.lastAssessedEnd) {
                    windows.put(windowKey(cc, s.windowEnd(), s.asn()), s);
                }
            }
            if (wasSilent) {
                assessWindow(cs, cs.lastAssessedEnd, false); // back from silence: the outage may resolve
            }
            advance(cs, now);
        }
        countries.put(cc, cs);
    }

    /**
     * A network's votes from a sparse source (OONI). Where the country has live own probes, the next window
     * assessment pools them with the probes' verdicts (one incident, whatever the source); where it has none,
     * the sparse evidence is assessed on its own, once per window of event time it reaches.
     */
    private void sparse(NetworkStatus s) {
        String cc = s.country();
        long now = context.currentSystemTimeMs();
        CountryState cs = Optional.ofNullable(countries.get(cc)).orElseGet(() -> CountryState.of(cc));
        sparseStatuses.put(latestKey(cc, s.asn()), s);
        cs.sparseNewest = Math.max(cs.sparseNewest, s.sparse().newest());
        if (!ownProbesLive(cs, now)) {
            long end = cs.sparseNewest - Math.floorMod(cs.sparseNewest, settings.windowMs()) + settings.windowMs();
            boolean newWindow = end > cs.sparseAssessedEnd;
            assess(cs, end, List.of(), newWindow, globalPlatforms(cc), newWindow);
            cs.sparseAssessedEnd = Math.max(cs.sparseAssessedEnd, end);
        }
        countries.put(cc, cs);
    }

    /**
     * A network's measurements later than the grace period: they do not enter any window assessment (those were made and
     * acted on), but they revise the record of the country's incidents the network was part of, one alert per incident
     * and late status (see {@link IncidentStateMachine#late}).
     */
    private void late(NetworkStatus s) {
        String cc = s.country();
        CountryState cs = countries.get(cc);
        if (cs == null) {
            return; // no incident ever: nothing to revise
        }
        boolean changed = false;
        for (Slot slot : Slot.values()) {
            IncidentState state = cs.incidents.get(slot);
            if (slot == Slot.GLOBAL || state == null) {
                continue; // a global outage is the global stage's incident
            }
            changed |= IncidentStateMachine.forgetResolved(
                    state,
                    Math.max(cs.lastAssessedEnd, s.late().lastEventTime()),
                    incidentSettings.late().horizon().toMillis());
            for (IncidentChange change : incidents.late(cc, state, s.asn(), s.late(), cs.history)) {
                DisruptionAlert alert = AlertFactory.alert(change, context.currentSystemTimeMs());
                metrics.correction(alert);
                context.forward(new Record<String, CountryOutput>(
                        alert.getIncidentId(), new CountryOutput.Alert(alert), context.currentSystemTimeMs()));
                changed = true;
            }
        }
        if (changed) {
            countries.put(cc, cs);
        }
    }

    /**
     * Regions of a network whose probes all fell silent, or came back: remembered per network until they come back,
     * and the last assessed window is assessed again with them (as for a silent network).
     */
    private void regionChange(NetworkStatus s) {
        String cc = s.country();
        CountryState cs = Optional.ofNullable(countries.get(cc)).orElseGet(() -> CountryState.of(cc));
        CountryState.NetworkProgress progress =
                cs.networks.computeIfAbsent(s.asn(), a -> new CountryState.NetworkProgress());
        boolean changed = false;
        for (org.vantage.detect.model.RegionStatus r : s.regions()) {
            changed |= r.silent()
                    ? progress.silentRegions.put(r.region(), r) == null
                    : progress.silentRegions.remove(r.region()) != null;
        }
        if (changed) {
            assessWindow(cs, cs.lastAssessedEnd > 0 ? cs.lastAssessedEnd : s.windowEnd(), false);
        }
        countries.put(cc, cs);
    }

    /** Whether any network of the country reports windows of its own probes (or is silent) at the moment. */
    private boolean ownProbesLive(CountryState cs, long now) {
        long expectWithin = settings.windowMs()
                + settings.grace().toMillis()
                + settings.countryWaitTimeout().toMillis();
        for (CountryState.NetworkProgress p : cs.networks.values()) {
            if (p.silence != null || (p.latestWindowEnd > 0 && now - p.lastStatusWallClock <= expectWithin)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends the verdicts of every complete window to the global stage (up to {@link #WINDOWS_AHEAD} ahead of the oldest
     * undecided one) and steps the incidents of every decided window, until neither moves; true when the country's
     * state changed.
     */
    private boolean advance(CountryState cs, long now) {
        boolean changed = false;
        while (true) {
            boolean sent = assessComplete(cs, now);
            boolean stepped = stepDecided(cs, now);
            changed |= sent || stepped;
            if (!stepped) {
                break; // stepping a window makes room to send more
            }
        }
        if (changed) {
            purge(cs);
        }
        return changed;
    }

    /**
     * Sends, in order, the verdicts of every pending window all expected networks have reported, up to {@link
     * #WINDOWS_AHEAD} windows ahead of the oldest one still waiting for the global decision; true when one was sent.
     */
    private boolean assessComplete(CountryState cs, long now) {
        long wait = settings.countryWaitTimeout().toMillis();
        if (now - cs.firstSeenWallClock < wait || now - startedAt < wait) {
            return false; // a country just appeared, or this task just (re)started: give every network's task time to
            // report
        }
        // a network reports once per window of its own clock, which may lag the wall clock by up to the grace period
        // (records arriving out of order within it): a gap of up to window + grace between two reports is normal
        long expectWithin = settings.windowMs() + settings.grace().toMillis() + wait;
        long low = Long.MAX_VALUE;
        for (CountryState.NetworkProgress p : cs.networks.values()) {
            // after a restart, every network known before it is expected again
            long lastHeard = Math.max(p.lastStatusWallClock, startedAt);
            if (p.silence == null && p.latestWindowEnd > 0 && now - lastHeard <= expectWithin) {
                low = Math.min(low, p.latestWindowEnd);
            }
        }
        if (low == Long.MAX_VALUE || low <= cs.lastAssessedEnd) {
            return false;
        }
        TreeMap<Long, List<NetworkStatus>> pending = new TreeMap<>();
        try (KeyValueIterator<String, NetworkStatus> it = windows.range(
                windowKey(cs.country, cs.lastAssessedEnd + 1, 0), windowKey(cs.country, low, Long.MAX_VALUE))) {
            it.forEachRemaining(kv -> pending.computeIfAbsent(kv.value.windowEnd(), w -> new ArrayList<>())
                    .add(kv.value));
        }
        // the windows to send now: at most WINDOWS_AHEAD ahead of the oldest one still waiting for the decision
        List<Long> send = new ArrayList<>();
        long sendThrough = low;
        boolean held = false;
        for (long windowEnd : pending.keySet()) {
            long oldest = !cs.awaitingGlobal.isEmpty()
                    ? cs.awaitingGlobal.firstKey()
                    : send.isEmpty() ? windowEnd : send.get(0);
            if (windowEnd > oldest + (WINDOWS_AHEAD - 1) * settings.windowMs()) {
                sendThrough = windowEnd - 1; // the rest once the oldest are decided
                held = true;
                break;
            }
            send.add(windowEnd);
        }
        // how far the networks are, beyond what is sent only while windows are held back: the global stage must not
        // take a country that waits for its decisions for one whose timeline ended
        long complete = held ? low : 0;
        for (long windowEnd : send) {
            forwardVerdicts(cs, windowEnd, pending.get(windowEnd), complete);
            cs.awaitingGlobal.putIfAbsent(windowEnd, now);
        }
        boolean changed = !send.isEmpty();
        if (held && send.isEmpty() && low > cs.completeTold) {
            // every complete window held back: the global stage still learns how far this country's networks are
            forward(cs.country, cs.awaitingGlobal.lastKey(), List.of(), low);
            changed = true;
        }
        if (held && low > cs.completeTold) {
            cs.completeTold = low;
            changed = true;
        }
        if (sendThrough > cs.lastAssessedEnd) {
            cs.lastAssessedEnd = sendThrough;
            changed = true;
        }
        return changed;
    }

    /**
     * Steps the incidents of every window whose verdicts went to the global stage and that the global stage has decided
     * (or that waited for it longer than {@link #globalWaitMs()}), in order: whether a platform failing here is its own
     * global outage is then the decision on that window, not whatever the global view said when this country got there.
     */
    private boolean stepDecided(CountryState cs, long now) {
        boolean stepped = false;
        while (!cs.awaitingGlobal.isEmpty()) {
            Map.Entry<Long, Long> first = cs.awaitingGlobal.firstEntry();
            long windowEnd = first.getKey();
            Optional<Set<String>> global = globalDecision(cs.country, windowEnd);
            if (global.isEmpty() && now - first.getValue() < globalWaitMs()) {
                if (awaiting != null) {
                    awaiting.add(cs.country);
                }
                return stepped;
            }
            cs.awaitingGlobal.pollFirstEntry();
            stepped = true;
            List<NetworkStatus> statuses = new ArrayList<>();
            try (KeyValueIterator<String, NetworkStatus> it = windows.range(
                    windowKey(cs.country, windowEnd, 0), windowKey(cs.country, windowEnd, Long.MAX_VALUE))) {
                it.forEachRemaining(kv -> statuses.add(kv.value));
            }
            assess(cs, windowEnd, statuses, true, global.orElseGet(() -> globalPlatforms(cs.country)), false);
        }
        if (awaiting != null) {
            awaiting.remove(cs.country);
        }
        return stepped;
    }

    /** The wall-clock punctuation of windows waiting for the global decision: only the countries that have some. */
    private void stepDecided(long now) {
        if (awaiting == null) {
            awaiting = new HashSet<>();
            try (KeyValueIterator<String, CountryState> it = countries.all()) {
                it.forEachRemaining(kv -> {
                    if (!kv.value.awaitingGlobal.isEmpty()) {
                        awaiting.add(kv.key);
                    }
                });
            }
        }
        for (String cc : List.copyOf(awaiting)) {
            CountryState cs = countries.get(cc);
            if (cs == null) {
                awaiting.remove(cc);
                continue;
            }
            if (advance(cs, now)) {
                countries.put(cc, cs);
            }
        }
    }

    /**
     * How long a window waits for the global decision before its incidents are stepped with the global view as it is:
     * longer than the global stage itself waits for a lagging country (a window + grace + the country wait), so this
     * fires only when that stage is down or far behind.
     */
    private long globalWaitMs() {
        return settings.windowMs()
                + settings.grace().toMillis()
                + 3 * settings.countryWaitTimeout().toMillis();
    }

    /**
     * The platforms the global stage decided were failing globally, this country among them, in the window ending at
     * {@code windowEnd}; empty while it has not decided that window (every platform it publishes carries the newest
     * window it decided).
     */
    private Optional<Set<String>> globalDecision(String cc, long windowEnd) {
        Set<String> out = new HashSet<>();
        boolean any = false;
        try (KeyValueIterator<String, ValueAndTimestamp<PlatformStatus>> it = platforms.all()) {
            while (it.hasNext()) {
                PlatformStatus p = valueOf(it.next().value);
                if (p == null) {
                    continue;
                }
                if (p.decidedThrough() < windowEnd) {
                    return Optional.empty();
                }
                any = true;
                if (p.globalIn(windowEnd, cc)) {
                    out.add(p.platform());
                }
            }
        }
        return any ? Optional.of(out) : Optional.empty();
    }

    private static PlatformStatus valueOf(ValueAndTimestamp<PlatformStatus> v) {
        return v == null ? null : v.value();
    }

    /** The country's per-platform verdicts of a window, for the global stage (the incidents are stepped once it decided). */
    private void forwardVerdicts(CountryState cs, long windowEnd, List<NetworkStatus> statuses, long completeThrough) {
        Inputs in = inputs(cs, windowEnd, statuses);
        List<CountryPlatformVerdict> verdicts = assessment
                .assess(cs.country, windowEnd, in.statuses(), reference(cs.country), Set.of(), copy(cs.regionStreaks))
                .platformVerdicts();
        forward(cs.country, windowEnd, verdicts, completeThrough);
    }

    private void forward(String cc, long windowEnd, List<CountryPlatformVerdict> verdicts, long completeThrough) {
        context.forward(new Record<String, CountryOutput>(
                cc,
                new CountryOutput.Verdicts(new CountryVerdicts(cc, windowEnd, verdicts, completeThrough)),
                windowEnd));
    }

    private static Map<String, RegionStreak> copy(Map<String, RegionStreak> streaks) {
        Map<String, RegionStreak> out = new TreeMap<>();
        streaks.forEach((k, v) -> {
            RegionStreak c = new RegionStreak();
            c.windowEnd = v.windowEnd;
            c.windows = v.windows;
            out.put(k, c);
        });
        return out;
    }

    private void assessOverdue(long now) {
        List<KeyValue<String, CountryState>> all = new ArrayList<>();
        try (KeyValueIterator<String, CountryState> it = countries.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, CountryState> kv : all) {
            if (advance(kv.value, now)) {
                countries.put(kv.key, kv.value);
            }
        }
    }

    /** Re-assesses an already assessed window (silence changes): may open or update, never counts as a window. */
    private void assessWindow(CountryState cs, long windowEnd, boolean newWindow) {
        List<NetworkStatus> statuses = new ArrayList<>();
        try (KeyValueIterator<String, NetworkStatus> it =
                windows.range(windowKey(cs.country, windowEnd, 0), windowKey(cs.country, windowEnd, Long.MAX_VALUE))) {
            it.forEachRemaining(kv -> statuses.add(kv.value));
        }
        if (statuses.isEmpty()) {
            // the window was purged or never buffered: the networks' latest statuses stand in
            try (KeyValueIterator<String, NetworkStatus> it = latest.range(cs.country + "|", cs.country + "|\uffff")) {
                it.forEachRemaining(kv -> {
                    if (!kv.value.silent() && kv.value.windowEnd() > windowEnd - 3 * settings.windowMs()) {
                        statuses.add(kv.value);
                    }
                });
            }
        }
        assess(cs, windowEnd, statuses, newWindow, globalPlatforms(cs.country), newWindow);
    }

    /**
     * Assesses the country for the window ending at {@code windowEnd} from the given statuses plus the
     * silence of silent networks. A repeat assessment ({@code newWindow} false) may only open or update
     * incidents, never count as a healthy window.
     */
    private void assess(
            CountryState cs,
            long windowEnd,
            List<NetworkStatus> statuses,
            boolean newWindow,
            Set<String> global,
            boolean forwardVerdicts) {
        String cc = cs.country;
        Inputs in = inputs(cs, windowEnd, statuses);
        Set<Long> sparseAsns = in.sparseAsns();
        NationalAssessment.Result result =
                assessment.assess(cc, windowEnd, in.statuses(), reference(cc), global, cs.regionStreaks);
        long windowStart = windowEnd - settings.windowMs();
        for (Slot slot : Slot.values()) {
            if (slot == Slot.GLOBAL) {
                continue; // a platform's global outage is one incident of the global stage, not one per country
            }
            Candidate candidate = withSources(result.candidates().get(slot), sparseAsns);
            if (!newWindow && candidate == null) {
                continue;
            }
            Optional<IncidentChange> change = incidents.step(
                    cc, cs.incident(slot), candidate, windowStart, windowEnd, cs.history, result.recovered(slot));
            change.ifPresent(this::emit);
        }
        IncidentStateMachine.trim(cs.history, MAX_HISTORY);
        if (forwardVerdicts) {
            forward(cc, windowEnd, result.platformVerdicts(), windowEnd);
        }
    }

    /** What a window's assessment reads: the statuses, the silences of silent networks, the sparse source's evidence. */
    private record Inputs(List<NetworkStatus> statuses, Set<Long> sparseAsns) {}

    private Inputs inputs(CountryState cs, long windowEnd, List<NetworkStatus> statuses) {
        String cc = cs.country;
        Map<Long, NetworkStatus> byAsn = new TreeMap<>();
        statuses.forEach(s -> byAsn.put(s.asn(), s));
        cs.networks.forEach((asn, p) -> {
            if (p.silence != null) {
                byAsn.put(asn, p.silence);
            }
        });
        Set<Long> sparseAsns = new HashSet<>();
        if (cs.sparseNewest > 0
                && cs.sparseNewest
                        >= windowEnd - settings.sparse().longestHorizon().toMillis()) {
            List<NetworkStatus> tallies = new ArrayList<>();
            try (KeyValueIterator<String, NetworkStatus> it = sparseStatuses.range(cc + "|", cc + "|\uffff")) {
                it.forEachRemaining(kv -> tallies.add(kv.value));
            }
            // a network's own probes outweigh a sparse source where both measured it
            for (NetworkStatus st : sparseEvidence.assess(windowEnd, tallies).statuses()) {
                if (byAsn.putIfAbsent(st.asn(), st) == null) {
                    sparseAsns.add(st.asn());
                }
            }
        }
        withSilentRegions(cs, byAsn, windowEnd);
        return new Inputs(List.copyOf(byAsn.values()), sparseAsns);
    }

    /** Each network's silent regions replace what its status says of them (a network without a status gets one). */
    private void withSilentRegions(CountryState cs, Map<Long, NetworkStatus> byAsn, long windowEnd) {
        cs.networks.forEach((asn, p) -> {
            if (p.silence != null || p.silentRegions.isEmpty()) {
                return;
            }
            NetworkStatus s = byAsn.get(asn);
            if (s == null) {
                NetworkStatus last = latest.get(latestKey(cs.country, asn));
                s = new NetworkStatus(
                        cs.country,
                        asn,
                        last == null ? null : last.networkType(),
                        windowEnd - settings.windowMs(),
                        windowEnd,
                        0,
                        false,
                        0,
                        0,
                        List.of());
            }
            List<org.vantage.detect.model.RegionStatus> regions = new ArrayList<>(p.silentRegions.values());
            s.regions().stream()
                    .filter(r -> !p.silentRegions.containsKey(r.region()))
                    .forEach(regions::add);
            byAsn.put(asn, s.withRegions(regions));
        });
    }

    /** The candidate with how much of its evidence came from own probes and from the sparse source. */
    private static Candidate withSources(Candidate c, Set<Long> sparseAsns) {
        if (c == null) {
            return null;
        }
        long own = 0;
        long sparse = 0;
        int ownNetworks = 0;
        int sparseNetworks = 0;
        for (AffectedNetworkEvidence n : c.networks()) {
            if (sparseAsns.contains(n.asn())) {
                sparse += n.measurements();
                sparseNetworks++;
            } else {
                own += n.measurements();
                ownNetworks++;
            }
        }
        List<Candidate.SourceEvidence> sources = new ArrayList<>();
        if (ownNetworks > 0) {
            sources.add(new Candidate.SourceEvidence("VANTAGE", own, ownNetworks));
        }
        if (sparseNetworks > 0) {
            sources.add(new Candidate.SourceEvidence("OONI", sparse, sparseNetworks));
        }
        sources.sort((a, b) -> Long.compare(b.measurements(), a.measurements()));
        return c.withSources(sources);
    }

    /**
     * Drops buffered windows older than the grace period behind the last assessed one, and resolved incidents kept for
     * late evidence once older than the late horizon.
     */
    private void purge(CountryState cs) {
        cs.incidents
                .values()
                .forEach(s -> IncidentStateMachine.forgetResolved(
                        s, cs.lastAssessedEnd, incidentSettings.late().horizon().toMillis()));
        long keepFrom = cs.lastAssessedEnd - settings.grace().toMillis() - settings.windowMs();
        if (!cs.awaitingGlobal.isEmpty()) {
            keepFrom = Math.min(keepFrom, cs.awaitingGlobal.firstKey()); // still to be stepped
        }
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, NetworkStatus> it =
                windows.range(windowKey(cs.country, 0, 0), windowKey(cs.country, Math.max(0, keepFrom), 0))) {
            it.forEachRemaining(kv -> old.add(kv.key));
        }
        old.forEach(windows::delete);
    }

    private void emit(IncidentChange change) {
        long now = context.currentSystemTimeMs();
        DisruptionAlert alert = AlertFactory.alert(change, now);
        metrics.alert(alert);
        context.forward(new Record<String, CountryOutput>(alert.getIncidentId(), new CountryOutput.Alert(alert), now));
    }

    private List<NetworkInfo> reference(String cc) {
        List<NetworkInfo> out = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<NetworkInfo>> it = reference.range(cc + ":", cc + ";")) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.value() != null) {
                    out.add(kv.value.value());
                }
            });
        }
        return out;
    }

    /** Platforms the global stage reports failing in several countries, this one among them, as of its newest decision. */
    private Set<String> globalPlatforms(String cc) {
        Set<String> out = new HashSet<>();
        try (KeyValueIterator<String, ValueAndTimestamp<PlatformStatus>> it = platforms.all()) {
            it.forEachRemaining(kv -> {
                PlatformStatus p = kv.value == null ? null : kv.value.value();
                if (p != null && p.global() && p.failingCountries().contains(cc)) {
                    out.add(p.platform());
                }
            });
        }
        return out;
    }

    /** Key of the latest status of a network: "CC|ASN" (ASN zero-padded so a country's networks sort together). */
    static String latestKey(String country, long asn) {
        return country + "|" + String.format("%010d", asn);
    }

    /** Key of a buffered status: "CC|windowEnd|ASN", so one country's windows are contiguous and ordered. */
    static String windowKey(String country, long windowEnd, long asn) {
        return country + "|" + String.format("%016d", windowEnd) + "|" + String.format("%019d", asn);
    }
}
