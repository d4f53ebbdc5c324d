package org.vantage.api.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.schema.ProbeHeartbeat;

class FleetFeedClockTest {
    static final Instant WALL = Instant.parse("2026-11-22T07:00:00Z");
    static final Instant REPLAY = Instant.parse("2024-01-20T13:40:00Z");

    static FleetFeed.Heard heard(String probe, Instant eventTime, Instant publishedAt) {
        return new FleetFeed.Heard(FleetViewTest.hb(probe, "PK", 45669, eventTime, 0L, 1), publishedAt);
    }

    @Test
    void aReplayedFleetIsJudgedOnItsOwnClock() {
        Instant at = FleetFeed.fleetClock(
                List.of(heard("a", REPLAY, WALL), heard("b", REPLAY.minusSeconds(30), WALL)), WALL);
        assertThat(at).isEqualTo(REPLAY);
    }

    @Test
    void theFleetClockRunsOnWhenTheFleetFallsQuietSoProbesTurnSilent() {
        List<FleetFeed.Heard> heard = List.of(heard("a", REPLAY, WALL));
        Instant later = FleetFeed.fleetClock(heard, WALL.plus(Duration.ofMinutes(5)));
        assertThat(later).isEqualTo(REPLAY.plus(Duration.ofMinutes(5)));
        ProbeHeartbeat hb = heard.get(0).heartbeat();
        assertThat(FleetView.of(List.of(hb), List.of(), "PK", later, 1).aliveProbes())
                .isZero();
    }

    @Test
    void withoutHeartbeatsTheWallClockIsUsed() {
        assertThat(FleetFeed.fleetClock(List.of(), WALL)).isEqualTo(WALL);
    }
}
