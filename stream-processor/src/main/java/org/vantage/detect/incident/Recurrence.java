package org.vantage.detect.incident;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vantage.detect.model.PastIncident;

/**
 * Similarity of incident signatures, to note earlier incidents in the same country that look like a new
 * one (the recurrence the press reports: "the fourth time this year"). Similarity is
 * 0.5 x Jaccard(platforms) + 0.3 x Jaccard(networks) + 0.2 x Jaccard(techniques), and 0 across different
 * kinds of event (slots).
 */
final class Recurrence {
    private Recurrence() {}

    public static double similarity(PastIncident a, PastIncident b) {
        if (a.slot() != b.slot()) {
            return 0.0;
        }
        return 0.5 * jaccard(a.platforms(), b.platforms())
                + 0.3 * jaccard(a.asns(), b.asns())
                + 0.2 * jaccard(a.techniques(), b.techniques());
    }

    static <T> double jaccard(Collection<T> a, Collection<T> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1.0;
        }
        Set<T> union = new HashSet<>(a);
        union.addAll(b);
        Set<T> inter = new HashSet<>(a);
        inter.retainAll(b);
        return (double) inter.size() / union.size();
    }

    /** Earlier incidents at least {@code minSimilarity} alike, most similar first, at most {@code limit}. */
    public static List<Related> related(
            PastIncident current, List<PastIncident> history, double minSimilarity, int limit) {
        List<Related> out = new ArrayList<>();
        for (PastIncident past : history) {
            if (past.incidentId().equals(current.incidentId())) {
                continue;
            }
            double s = similarity(current, past);
            if (s >= minSimilarity) {
                out.add(new Related(past, Math.round(s * 1000) / 1000.0));
            }
        }
        out.sort(Comparator.comparingDouble(Related::similarity)
                .reversed()
                .thenComparing(r -> -r.incident().startTime()));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    public record Related(PastIncident incident, double similarity) {}
}
