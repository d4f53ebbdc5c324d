package org.vantage.probe.fleet;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.vantage.schema.FleetConfig;
import org.vantage.topics.NetworkKey;

/**
 * Keeps the latest fleet configuration per scope and picks the one that applies to a probe: its network
 * ({@code CC:ASN}) over its country ({@code CC}) over everyone ({@code *}). Not thread-safe.
 */
public final class FleetConfigSelector {

    public static final String GLOBAL_SCOPE = "*";

    private final NetworkKey network;
    private final Map<String, FleetConfig> byScope = new HashMap<>();

    public FleetConfigSelector(NetworkKey network) {
        this.network = network;
    }

    /**
     * Applies one record of the compacted topic (a null value is a tombstone that withdraws the scope).
     *
     * @return true when the record's scope is one this probe matches, i.e. the selection may have changed
     */
    public boolean apply(String scope, FleetConfig config) {
        if (scope == null || !matches(scope)) {
            return false;
        }
        if (config == null) {
            byScope.remove(scope);
        } else {
            byScope.put(scope, config);
        }
        return true;
    }

    /** The most specific configuration in force for this probe, if any scope it matches has one. */
    public Optional<FleetConfig> selected() {
        FleetConfig c = byScope.get(network.toString());
        if (c == null) {
            c = byScope.get(network.country());
        }
        if (c == null) {
            c = byScope.get(GLOBAL_SCOPE);
        }
        return Optional.ofNullable(c);
    }

    private boolean matches(String scope) {
        return GLOBAL_SCOPE.equals(scope)
                || network.country().equals(scope)
                || network.toString().equals(scope);
    }
}
