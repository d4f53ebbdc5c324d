package org.vantage.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.vantage.detect.config.NationalSettings;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.PlatformVerdict;
import org.vantage.detect.model.SparseEvidence;
import org.vantage.detect.model.SparseTally;

/**
 * Which sources a country's networks are seen by: own probes (the latest window's verdicts) and a sparse source
 * (OONI: its votes within the retention period, from the country stage's store), and the verdicts the detector
 * draws from those votes for networks no own probe measures. What the dashboard shows as each network's source mix.
 */
final class SourceMix {
    private final Map<Long, NetworkStatus> sparse;
    private final Map<Long, NetworkStatus> judged;

    private SourceMix(Map<Long, NetworkStatus> sparse, Map<Long, NetworkStatus> judged) {
        this.sparse = sparse;
        this.judged = judged;
    }

    static SourceMix of(
            ReadOnlyKeyValueStore<String, NetworkStatus> sparseStatuses, String cc, NationalSettings settings) {
        Map<Long, NetworkStatus> sparse = new TreeMap<>();
        try (KeyValueIterator<String, NetworkStatus> it = sparseStatuses.range(cc + "|", cc + "|\uffff")) {
            it.forEachRemaining(kv -> sparse.put(kv.value.asn(), kv.value));
        }
        Map<Long, NetworkStatus> judged = new TreeMap<>();
        if (!sparse.isEmpty()) {
            long newest = sparse.values().stream()
                    .mapToLong(s -> s.sparse().newest())
                    .max()
                    .orElseThrow();
            long windowEnd = newest - Math.floorMod(newest, settings.windowMs()) + settings.windowMs();
            new SparseEvidence(settings)
                    .assess(windowEnd, List.copyOf(sparse.values()))
                    .statuses()
                    .forEach(s -> judged.put(s.asn(), s));
        }
        return new SourceMix(sparse, judged);
    }

    /** The statuses the detector would judge from the sparse source alone, one per network with recent votes. */
    List<NetworkStatus> judged() {
        return new ArrayList<>(judged.values());
    }

    /** A network's sources: own probes (when {@code ownProbes}) and the sparse source, each with how much it saw. */
    List<Map<String, Object>> sources(NetworkStatus status, boolean ownProbes) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (ownProbes) {
            Map<String, Object> own = new LinkedHashMap<>();
            own.put("source", "VANTAGE");
            own.put("probes", status.activeProbes());
            own.put(
                    "measurements",
                    status.platforms() == null
                            ? 0
                            : status.platforms().stream()
                                    .mapToLong(PlatformVerdict::measurements)
                                    .sum());
            out.add(own);
        }
        NetworkStatus s = sparse.get(status.asn());
        if (s != null && !s.sparse().votes().isEmpty()) {
            Set<String> reports = new HashSet<>();
            long measurements = 0;
            for (SparseTally.Vote v : s.sparse().votes()) {
                reports.add(v.report());
                measurements += v.measurements();
            }
            Map<String, Object> ooni = new LinkedHashMap<>();
            ooni.put("source", "OONI");
            ooni.put("reports", reports.size());
            ooni.put("measurements", measurements);
            ooni.put("newest", Instant.ofEpochMilli(s.sparse().newest()).toString());
            out.add(ooni);
        }
        return out;
    }
}
