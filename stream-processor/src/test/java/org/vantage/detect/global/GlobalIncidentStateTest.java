package org.vantage.detect.global;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.GlobalSettings;
import org.vantage.detect.model.CountryPlatformVerdict;
import org.vantage.detect.model.CountryVerdicts;
import org.vantage.detect.model.DetectionMetrics;
import org.vantage.detect.model.StoreNames;
import org.vantage.detect.serde.JsonSerde;
import org.vantage.detect.window.WriteBackStore;
import org.vantage.schema.CountryEvidence;
import org.vantage.schema.DisruptionAlert;

/**
 * The global stage's state lives in a write-back store (one live object between commits). It must behave exactly as when
 * the state was read from and written to its store as JSON for every country's report.
 */
class GlobalIncidentStateTest {
    static final long W = 1_705_759_260_000L;
    static final long MINUTE = 60_000;
    final GlobalSettings settings = DetectionThresholds.defaults().global();

    /**
     * Youtube fails in PK, TR and UA from the first window, BD and IN join two windows later, all recover after six;
     * facebook fails in UA, PK and TR from the fourth window. Countries report in an order that is not alphabetical.
     */
    List<GlobalOutput> run(boolean writeBack) {
        MockProcessorContext<String, GlobalOutput> context = new MockProcessorContext<>();
        KeyValueStore<String, GlobalIncident.State> store = writeBack
                ? WriteBackStore.builder(
                                Stores.inMemoryKeyValueStore(StoreNames.GLOBAL_INCIDENT),
                                JsonSerde.of(GlobalIncident.State.class))
                        .withLoggingDisabled()
                        .build()
                : Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(StoreNames.GLOBAL_INCIDENT),
                                Serdes.String(),
                                JsonSerde.of(GlobalIncident.State.class))
                        .withLoggingDisabled()
                        .withCachingDisabled()
                        .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, CountryVerdicts> pending = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.GLOBAL_PENDING_VERDICTS),
                        Serdes.String(),
                        JsonSerde.of(CountryVerdicts.class))
                .withLoggingDisabled()
                .build();
        pending.init(context.getStateStoreContext(), pending);
        context.addStateStore(pending);
        GlobalIncidentProcessor p = new GlobalIncidentProcessor(
                new GlobalIncident(settings),
                new GlobalOutageDetector(settings),
                settings,
                new DetectionMetrics(new SimpleMeterRegistry()));
        long now = 1_000_000;
        context.setCurrentSystemTimeMs(now);
        p.init(context);
        for (int w = 0; w < 10; w++) {
            long end = W + w * MINUTE;
            for (String cc : List.of("PK", "UA", "TR", "IN", "BD")) {
                boolean youtube = (!cc.equals("BD") && !cc.equals("IN") || w >= 2) && w < 6;
                boolean facebook = !cc.equals("BD") && !cc.equals("IN") && w >= 3 && w < 6;
                now += 5_000;
                context.setCurrentSystemTimeMs(now);
                p.process(new Record<>(
                        GlobalIncident.KEY,
                        new CountryVerdicts(
                                cc,
                                end,
                                List.of(verdict("youtube", cc, end, youtube), verdict("facebook", cc, end, facebook))),
                        now));
            }
        }
        List<GlobalOutput> out = new ArrayList<>();
        context.forwarded().forEach(f -> out.add(f.record().value()));
        return out;
    }

    static CountryPlatformVerdict verdict(String platform, String cc, long end, boolean failing) {
        return new CountryPlatformVerdict(platform, cc, end, failing, failing ? 3 : 0, failing ? 0.8 : 0);
    }

    @Test
    void aLiveStateEmitsTheSameAlertsAndStatusesAsOneReadBackFromItsStoreForEveryReport() {
        List<GlobalOutput> live = run(true);
        List<GlobalOutput> stored = run(false);
        assertThat(live).anyMatch(o -> o instanceof GlobalOutput.Alert);
        assertThat(live).isEqualTo(stored);
    }

    @Test
    void countriesAppearInTheOrderTheyJoinedTheIncident() {
        DisruptionAlert updated = run(true).stream()
                .filter(o -> o instanceof GlobalOutput.Alert)
                .map(o -> ((GlobalOutput.Alert) o).alert())
                .filter(a -> a.getCountries().size() == 5)
                .findFirst()
                .orElseThrow();
        assertThat(updated.getCountries())
                .extracting(CountryEvidence::getCountry)
                .containsExactly("PK", "TR", "UA", "BD", "IN");
    }

    @Test
    void aBacklogOfUndecidedWindowsIsHeldAsOneSmallRecordPerCountryAndWindowAndDecidedInOrderOnceTheWaitIsOver() {
        MockProcessorContext<String, GlobalOutput> context = new MockProcessorContext<>();
        KeyValueStore<String, GlobalIncident.State> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.GLOBAL_INCIDENT),
                        Serdes.String(),
                        JsonSerde.of(GlobalIncident.State.class))
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, CountryVerdicts> pending = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.GLOBAL_PENDING_VERDICTS),
                        Serdes.String(),
                        JsonSerde.of(CountryVerdicts.class))
                .withLoggingDisabled()
                .build();
        pending.init(context.getStateStoreContext(), pending);
        context.addStateStore(pending);
        GlobalIncidentProcessor p = new GlobalIncidentProcessor(
                new GlobalIncident(settings),
                new GlobalOutageDetector(settings),
                settings,
                new DetectionMetrics(new SimpleMeterRegistry()));
        long now = 1_000_000;
        context.setCurrentSystemTimeMs(now);
        p.init(context);
        List<String> countries = List.of("PK", "UA", "TR", "IN", "BD");
        int stateBytesAfterFirstWindow = 0;
        // a restarted stage reading a backlog: 60 windows arrive within a second, before its first wait is over
        for (int w = 0; w < 60; w++) {
            long end = W + w * MINUTE;
            for (String cc : countries) {
                context.setCurrentSystemTimeMs(++now);
                p.process(new Record<>(
                        GlobalIncident.KEY,
                        new CountryVerdicts(cc, end, List.of(verdict("youtube", cc, end, w >= 10 && w < 20))),
                        now));
            }
            int bytes = JsonSerde.of(GlobalIncident.State.class)
                    .serializer()
                    .serialize("", store.get(GlobalIncident.KEY))
                    .length;
            if (w == 0) {
                stateBytesAfterFirstWindow = bytes;
            }
            assertThat(bytes)
                    .as("the stage's own record after %d windows", w + 1)
                    .isEqualTo(stateBytesAfterFirstWindow);
        }
        assertThat(context.forwarded()).isEmpty();
        assertThat(pending.approximateNumEntries()).isEqualTo(60 * countries.size());

        // the wait over, the next report decides every window every country reported, oldest first
        now += settings.countryWaitTimeout().toMillis() + 1;
        context.setCurrentSystemTimeMs(now);
        long last = W + 59 * MINUTE;
        p.process(new Record<>(
                GlobalIncident.KEY,
                new CountryVerdicts("PK", last + MINUTE, List.of(verdict("youtube", "PK", last + MINUTE, false))),
                now));
        List<Long> decided = new ArrayList<>();
        context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(o -> o instanceof GlobalOutput.Status)
                .forEach(o -> decided.add(((GlobalOutput.Status) o).status().decidedThrough()));
        List<Long> expected = new ArrayList<>();
        for (int w = 0; w < 60; w++) {
            expected.add(W + w * MINUTE);
        }
        assertThat(decided).containsExactlyElementsOf(expected);
        assertThat(context.forwarded()).anyMatch(f -> f.record().value() instanceof GlobalOutput.Alert);
        assertThat(pending.approximateNumEntries())
                .as("only the newest, undecided window")
                .isEqualTo(1);
    }
}
