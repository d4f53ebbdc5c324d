package org.vantage.detect.model;

import java.util.List;
import java.util.Locale;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.Scope;

/** The one-line headline of an incident, shared by its alerts and the HTTP API's list of open incidents. */
public final class Headlines {
    private Headlines() {}

    /**
     * E.g. "X/Twitter, Facebook, Instagram and YouTube restricted nationwide in PK (4 networks, 92% of users)",
     * "Network outage on Jazz in PK (1 network, 35% of users)", prefixed "Resolved: " when resolved.
     */
    public static String headline(AlertStatus status, String country, Candidate c) {
        String where = where(country, c);
        String counts = String.format(
                Locale.ROOT,
                " (%d network%s, %d%% of users)",
                c.networks().size(),
                c.networks().size() == 1 ? "" : "s",
                Math.round(c.affectedUserShare() * 100));
        String what;
        if (c.classification() == Classification.NETWORK_OUTAGE) {
            what = "Network outage " + where;
        } else {
            String platforms = list(Platforms.sorted(c.platforms()).stream()
                    .map(Platforms::displayName)
                    .toList());
            what = switch (c.classification()) {
                case PLATFORM_RESTRICTION -> platforms + " restricted " + where;
                case THROTTLING -> platforms + " throttled " + where;
                case GLOBAL_PLATFORM_OUTAGE ->
                    platforms + " down " + where + ", part of a global platform outage (not a restriction)";
                default -> platforms + " disrupted " + where;
            };
        }
        String prefix = status == AlertStatus.RESOLVED ? "Resolved: " : "";
        return prefix + what + counts;
    }

    private static String where(String country, Candidate c) {
        Scope scope = c.scope();
        if (scope == Scope.NATIONWIDE) {
            return "nationwide in " + country;
        }
        if (scope == Scope.REGIONAL && !c.regions().isEmpty()) {
            return "in " + list(c.regions()) + ", " + country;
        }
        List<String> names = c.networks().stream()
                .map(AffectedNetworkEvidence::name)
                .map(Headlines::shortName)
                .toList();
        boolean allMobile = c.networks().stream().allMatch(n -> "MOBILE".equals(n.networkType()));
        boolean allFixed = c.networks().stream().allMatch(n -> "FIXED".equals(n.networkType()));
        if (scope == Scope.MULTI_NETWORK && (allMobile || allFixed)) {
            return "on " + (allMobile ? "mobile" : "fixed-line") + " networks " + list(names) + " in " + country;
        }
        return "on " + list(names) + " in " + country;
    }

    /** "Jazz (Pakistan Mobile Communications Ltd)" -> "Jazz". */
    static String shortName(String name) {
        int paren = name.indexOf(" (");
        return paren > 0 ? name.substring(0, paren) : name;
    }

    static String list(List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
