package org.vantage.detect.model;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vantage.schema.NetworkInfo;

/**
 * The share of a country's users each network stands for, used to weight national verdicts.
 *
 * <p>Rule for networks whose share is unknown (documented in the README):
 * <ol>
 *   <li>a network's {@code user_share} from the reference table is used as given;</li>
 *   <li>when no network of the country has a {@code user_share} but some publish
 *       {@code subscribers_millions}, those networks split {@code 1 - reserve} in proportion to their
 *       subscribers, where the reserve is {@value #RESERVE_PER_UNKNOWN} per network without any figure
 *       (at most {@value #MAX_RESERVE});</li>
 *   <li>networks without any figure, and networks with probes but missing from the reference table,
 *       split the remaining share equally, with a floor of {@value #FLOOR} each so that a measured network
 *       never weighs nothing;</li>
 *   <li>the result is normalised to sum to 1. Without any reference data every observed network weighs
 *       the same.</li>
 * </ol>
 */
public final class NetworkShares {
    static final double RESERVE_PER_UNKNOWN = 0.05;
    static final double MAX_RESERVE = 0.5;
    static final double FLOOR = 0.01;

    private NetworkShares() {}

    public static Map<Long, Double> of(List<NetworkInfo> reference, Collection<Long> observedAsns) {
        Map<Long, Double> shares = new HashMap<>();
        Set<Long> unknown = new LinkedHashSet<>();
        Map<Long, Double> subscribers = new HashMap<>();
        boolean anyUserShare = false;
        for (NetworkInfo n : reference) {
            if (n.getUserShare() != null && n.getUserShare() > 0) {
                shares.put(n.getAsn(), n.getUserShare());
                anyUserShare = true;
            }
        }
        for (NetworkInfo n : reference) {
            if (shares.containsKey(n.getAsn())) {
                continue;
            }
            if (!anyUserShare && n.getSubscribersMillions() != null && n.getSubscribersMillions() > 0) {
                subscribers.put(n.getAsn(), n.getSubscribersMillions());
            } else {
                unknown.add(n.getAsn());
            }
        }
        for (Long asn : observedAsns) {
            if (!shares.containsKey(asn) && !subscribers.containsKey(asn)) {
                unknown.add(asn);
            }
        }
        if (!subscribers.isEmpty()) {
            double reserve = Math.min(MAX_RESERVE, RESERVE_PER_UNKNOWN * unknown.size());
            double total = subscribers.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            subscribers.forEach((asn, subs) -> shares.put(asn, (1 - reserve) * subs / total));
        }
        if (!unknown.isEmpty()) {
            double assigned =
                    shares.values().stream().mapToDouble(Double::doubleValue).sum();
            double each = Math.max(FLOOR, (1 - assigned) / unknown.size());
            unknown.forEach(asn -> shares.put(asn, each));
        }
        double sum = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum > 0) {
            shares.replaceAll((asn, share) -> share / sum);
        }
        return shares;
    }
}
