package org.vantage.api.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.api.history.StatusHistory.PlatformPoint;
import org.vantage.api.history.StatusHistory.Point;

class IncidentTimelineTest {
    static final long MINUTE = 60_000;

    static Point point(long asn, int minute, boolean silent, PlatformPoint... platforms) {
        return new Point(asn, "MOBILE", minute * MINUTE, (minute + 1) * MINUTE, 0, silent, List.of(platforms));
    }

    static PlatformPoint v(String platform, String state) {
        return new PlatformPoint(platform, state, state.equals("DISRUPTED") ? 1.0 : 0.0, 100.0, 10, 3);
    }

    @Test
    void eachNetworkGetsAStripOfItsWindowsColouredByTheWorstVerdictAmongTheIncidentsPlatforms() {
        List<Point> history = List.of(
                point(2, 1, false, v("twitter", "DISRUPTED"), v("control", "OK")),
                point(1, 0, false, v("twitter", "OK"), v("youtube", "DISRUPTED"), v("control", "OK")),
                point(1, 1, false, v("twitter", "DISRUPTED"), v("control", "OK")),
                point(1, 2, false, v("twitter", "THROTTLED"), v("control", "DEGRADED")),
                point(2, 2, true));

        List<IncidentTimeline.Strip> strips = IncidentTimeline.strips(history, List.of("twitter"), 0, 10 * MINUTE);

        assertThat(strips).extracting(IncidentTimeline.Strip::asn).containsExactly(1L, 2L);
        // youtube is not the incident's platform: its failure does not colour the strip
        assertThat(strips.get(0).cells())
                .extracting(IncidentTimeline.Cell::state)
                .containsExactly("OK", "DISRUPTED", "THROTTLED");
        assertThat(strips.get(1).cells())
                .extracting(IncidentTimeline.Cell::state)
                .containsExactly("DISRUPTED", "SILENT");
    }

    @Test
    void anIncidentWithoutPlatformsIsColouredByAllOfThemControlIncluded() {
        List<Point> history = List.of(
                point(1, 0, false, v("twitter", "OK"), v("control", "DISRUPTED")),
                point(1, 1, false, v("twitter", "INSUFFICIENT_DATA")),
                point(1, 2, false));
        assertThat(IncidentTimeline.strips(history, List.of(), 0, 10 * MINUTE)
                        .get(0)
                        .cells())
                .extracting(IncidentTimeline.Cell::state)
                .containsExactly("DISRUPTED", "INSUFFICIENT_DATA", "NO_DATA");
    }

    @Test
    void windowsOutsideTheSpanAreLeftOutButTheirNetworkKeepsAnEmptyStrip() {
        List<Point> history = List.of(
                point(1, 0, false, v("twitter", "OK")),
                point(1, 5, false, v("twitter", "OK")),
                point(2, 0, false, v("twitter", "OK")));
        List<IncidentTimeline.Strip> strips =
                IncidentTimeline.strips(history, List.of("twitter"), 4 * MINUTE, 8 * MINUTE);
        assertThat(strips.get(0).cells())
                .extracting(IncidentTimeline.Cell::windowStart)
                .containsExactly(5 * MINUTE);
        assertThat(strips.get(1).cells()).isEmpty();
    }
}
