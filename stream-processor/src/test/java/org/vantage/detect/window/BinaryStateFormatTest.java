package org.vantage.detect.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.Measurements;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.PlatformVerdict;
import org.vantage.detect.model.VerdictState;
import org.vantage.detect.serde.BinaryStateSerde;
import org.vantage.detect.serde.JsonSerde;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;

/**
 * The binary format of the write-back stores and the per-country status stores keeps every field: each value is filled in completely (checked
 * by reflection, so a field added later without a codec fails here), written, read back and compared with
 * its JSON rendering. Values the stores held as JSON before still restore.
 */
class BinaryStateFormatTest {

    @Test
    void aWindowSummaryKeepsEveryField() {
        WindowSummary s = summary();
        assertEveryFieldSet(s);
        s.probes.values().forEach(BinaryStateFormatTest::assertEveryFieldSet);

        WindowSummary back = roundTrip(WindowSummary.serde(), s);

        // the spare capacity of the id arrays is not stored; the ids in use are
        s.probes.values().forEach(t -> t.ids = java.util.Arrays.copyOf(t.ids, t.total));
        assertThat(json(back)).isEqualTo(json(s));
        assertThat(back.latencyMedianMs()).isEqualTo(s.latencyMedianMs());
        assertThat(back.add(measurement("m-1", "probe-a", Outcome.OK), 10, false))
                .as("the ids survive, so a repeat is still a duplicate")
                .isEqualTo(WindowSummary.Folded.DUPLICATE);
    }

    @Test
    void aNetworkStateKeepsEveryField() {
        NetworkState st = NetworkState.of("PK", 45669);
        st.networkType = "MOBILE";
        st.watermark = 1_700_000_059_000L;
        st.lastHeardEventTime = 1_700_000_058_000L;
        st.firstEventTime = 1_700_000_000_000L;
        st.silent = true;
        st.silentRegions.add("Balochistan");
        NetworkState.WindowFlags flags = new NetworkState.WindowFlags();
        flags.emitted = true;
        flags.dirty = true;
        flags.revision = 2;
        flags.platforms.addAll(List.of("control", "twitter"));
        st.windows.put(1_700_000_000_000L, flags);
        st.windows.put(1_700_000_060_000L, new NetworkState.WindowFlags());
        NetworkState.ProbeSeen seen = new NetworkState.ProbeSeen();
        seen.firstEventTime = 1_700_000_000_000L;
        seen.lastWallClock = 1_700_000_061_000L;
        seen.lastEventTime = 1_700_000_058_000L;
        seen.region = "Khyber Pakhtunkhwa";
        st.probes.put("probe-a", seen);
        NetworkState.Streak streak = new NetworkState.Streak();
        streak.windowStart = 1_700_000_000_000L;
        streak.windows = 3;
        st.streaks.put("twitter", streak);
        assertEveryFieldSet(st);
        assertEveryFieldSet(flags);
        assertEveryFieldSet(seen);
        assertEveryFieldSet(streak);

        assertThat(json(roundTrip(NetworkState.serde(), st))).isEqualTo(json(st));
    }

    @Test
    void aLateTallyKeepsEveryField() {
        LateTally tally = new LateTally();
        tally.add("m-late-1", "probe-a", "control", true, 1_699_999_000_000L, 1_699_998_960_000L, 1_700_000_061_000L);
        tally.add("m-late-2", "probe-b", "twitter", false, 1_699_999_070_000L, 1_699_999_020_000L, 1_700_000_062_000L);
        LateTally.Count count = tally.windows.get(1_699_998_960_000L).get("control");
        assertEveryFieldSet(tally);
        assertEveryFieldSet(count);

        LateTally back = roundTrip(LateTally.serde(), tally);

        assertThat(json(back)).isEqualTo(json(tally));
        assertThat(back.add(
                        "m-late-1",
                        "probe-a",
                        "control",
                        true,
                        1_699_999_000_000L,
                        1_699_998_960_000L,
                        1_700_000_063_000L))
                .as("the ids survive, so a repeat is still a duplicate")
                .isEqualTo(LateTally.Added.DUPLICATE);
    }

    @Test
    void aNetworkStatusInTheCountryStoresKeepsEveryComponent() {
        PlatformVerdict full = new PlatformVerdict(
                        "twitter",
                        VerdictState.DISRUPTED,
                        0.9,
                        3,
                        0.8,
                        0.1,
                        6,
                        5,
                        120,
                        4,
                        Map.of("TLS_RESET", 96L, "OK", 24L),
                        250.0,
                        900.0,
                        200.0,
                        1.25,
                        3.5e6,
                        List.of("m-1"),
                        List.of("10.1.1.1"),
                        List.of("Punjab", "Sindh"))
                .withVerifiedProbes(4);
        PlatformVerdict sparse = new PlatformVerdict(
                "control",
                VerdictState.INSUFFICIENT_DATA,
                0,
                0,
                0,
                0,
                1,
                0,
                2,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                null);
        org.vantage.detect.model.SparseTally votes = new org.vantage.detect.model.SparseTally(
                1_700_000_058_000L,
                List.of(new org.vantage.detect.model.SparseTally.Vote(
                        "youtube",
                        "20240120T134000Z_webconnectivity_PK_45669_n1_a",
                        1_700_000_001_000L,
                        true,
                        2,
                        Map.of("TLS_RESET", 2L),
                        List.of("ooni:1", "ooni:2"))));
        org.vantage.detect.model.RegionVerdict regionVerdict =
                new org.vantage.detect.model.RegionVerdict("control", VerdictState.DISRUPTED, 2, 1.0, 3, 3, 24);
        org.vantage.detect.model.RegionStatus region = new org.vantage.detect.model.RegionStatus(
                "Balochistan", 3, true, 1_700_000_030_000L, List.of(regionVerdict));
        org.vantage.detect.model.LateEvidence.PlatformCount lateCount =
                new org.vantage.detect.model.LateEvidence.PlatformCount(
                        "control", 10, 9, 3, 1_699_998_961_000L, 1_699_999_019_000L);
        org.vantage.detect.model.LateEvidence.Window lateWindow =
                new org.vantage.detect.model.LateEvidence.Window(1_699_998_960_000L, List.of(lateCount));
        org.vantage.detect.model.LateEvidence late = new org.vantage.detect.model.LateEvidence(
                10, 1_699_998_961_000L, 1_699_999_019_000L, List.of(lateWindow));
        NetworkStatus status = new NetworkStatus(
                "PK",
                45669,
                "MOBILE",
                1_700_000_000_000L,
                1_700_000_060_000L,
                2,
                true,
                1_700_000_059_000L,
                7,
                List.of(full, sparse),
                votes,
                List.of(region),
                late);
        assertEveryComponentSet(status);
        assertEveryComponentSet(late);
        assertEveryComponentSet(lateWindow);
        assertEveryComponentSet(lateCount);
        assertEveryComponentSet(full);
        assertEveryComponentSet(region);
        assertEveryComponentSet(regionVerdict);

        assertThat(roundTrip(NetworkStatus.storeSerde(), status)).isEqualTo(status);
        NetworkStatus noVerdicts = new NetworkStatus("IR", 197207, null, 0, 60_000, 0, false, 0, 0, null);
        assertThat(roundTrip(NetworkStatus.storeSerde(), noVerdicts)).isEqualTo(noVerdicts);
        assertThat(NetworkStatus.storeSerde()
                        .deserialize("t", JsonSerde.of(NetworkStatus.class).serialize("t", status)))
                .as("JSON stored before")
                .isEqualTo(status);
    }

    @Test
    void valuesStoredAsJsonBeforeStillRestore() {
        WindowSummary s = summary();
        byte[] legacy = JsonSerde.of(WindowSummary.class).serialize("t", s);
        assertThat(json(WindowSummary.serde().deserialize("t", legacy))).isEqualTo(json(s));
        NetworkState st = NetworkState.of("IR", 197207);
        st.watermark = 5;
        byte[] legacyState = JsonSerde.of(NetworkState.class).serialize("t", st);
        assertThat(json(NetworkState.serde().deserialize("t", legacyState))).isEqualTo(json(st));
    }

    @Test
    void theBinaryFormatIsSmallerThanTheJson() {
        WindowSummary s = summary();
        assertThat(WindowSummary.serde().serialize("t", s).length)
                .isLessThan(JsonSerde.of(WindowSummary.class).serialize("t", s).length);
    }

    @Test
    void anUnknownFormatIsAClearError() {
        assertThatThrownBy(() -> WindowSummary.serde().deserialize("store-changelog", new byte[] {9, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown format 9");
        assertThatThrownBy(() -> NetworkState.serde().deserialize("store-changelog", new byte[] {1, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("NetworkState");
    }

    private static WindowSummary summary() {
        WindowSummary s = WindowSummary.empty("PK", 45669, "twitter", 1_700_000_000_000L, 1_700_000_060_000L);
        s.add(measurement("m-1", "probe-a", Outcome.OK), 10, false);
        s.add(measurement("m-2", "probe-a", Outcome.TLS_RESET), 10, true);
        s.add(measurement("m-6", "probe-a", Outcome.THROTTLED), 10, false);
        s.add(measurement("m-3", "probe-b", Outcome.THROTTLED), 10, false);
        s.add(measurement("m-4", "probe-b", Outcome.DNS_BOGON), 10, false);
        s.add(measurement("m-5", "probe-b", Outcome.OK), 2, false); // over the cap of 2
        return s.flush();
    }

    private static Measurement measurement(String id, String probe, Outcome outcome) {
        Measurement m = Measurements.of(probe, "twitter", outcome, 120);
        m.setMeasurementId(id);
        m.setThroughputBps(2_000_000.0);
        return m;
    }

    private static <T> T roundTrip(BinaryStateSerde<T> serde, T value) {
        byte[] bytes = serde.serialize("t", value);
        assertThat(bytes[0]).as("format byte").isEqualTo((byte) 1);
        return serde.deserialize("t", bytes);
    }

    private static JsonNode json(Object value) {
        return JsonSerde.mapper().valueToTree(value);
    }

    private static void assertEveryComponentSet(Record value) {
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            boolean unset = v == null
                    || (v instanceof Number n && n.doubleValue() == 0)
                    || (v instanceof Boolean b && !b)
                    || (v instanceof java.util.Collection<?> col && col.isEmpty())
                    || (v instanceof Map<?, ?> m && m.isEmpty());
            assertThat(unset)
                    .as(value.getClass().getSimpleName() + "." + c.getName() + " is set in the fixture")
                    .isFalse();
        }
    }

    /** Every stored field differs from its default, so the round trip proves each one is written and read. */
    private static void assertEveryFieldSet(Object value) {
        for (Field f : value.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    || f.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonIgnore.class)) {
                continue;
            }
            f.setAccessible(true);
            Object v;
            try {
                v = f.get(value);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            boolean unset = v == null
                    || (v instanceof Number n && n.doubleValue() == 0)
                    || (v instanceof Boolean b && !b)
                    || (v instanceof java.util.Collection<?> c && c.isEmpty())
                    || (v instanceof java.util.Map<?, ?> m && m.isEmpty())
                    || (v instanceof long[] a && a.length == 0)
                    || (v instanceof byte[] a && a.length == 0);
            assertThat(unset)
                    .as(value.getClass().getSimpleName() + "." + f.getName() + " is set in the fixture")
                    .isFalse();
        }
    }
}
