package org.vantage.ooni.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vantage.config.Setting;

class OoniBridgeSettingsTest {

    @Test
    void onlyTheCountryIsRequiredAndEverythingElseHasADefault() {
        OoniBridgeSettings s = OoniBridgeSettings.resolve(Map.of("country", "pk, IR"), Map.of());
        assertThat(s.countries()).containsExactly("PK", "IR");
        assertThat(s.apiUrl()).isEqualTo(URI.create("https://api.ooni.io"));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.trailingWindow()).isEqualTo(Duration.ofHours(6));
        assertThat(s.pageSize()).isEqualTo(100);
        assertThat(s.bridgeId()).isEqualTo("ooni-bridge");
        assertThat(s.transactionalId()).isEqualTo("vantage-ooni-bridge.ooni-bridge");
        assertThat(s.metricsPort()).isEqualTo(9465);
        assertThat(s.testNames()).contains("web_connectivity", "whatsapp", "telegram", "signal", "facebook_messenger");
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        OoniBridgeSettings s = OoniBridgeSettings.resolve(
                Map.of("page-size", "50"),
                Map.of(
                        "VANTAGE_OONI_COUNTRIES",
                        "IR",
                        "VANTAGE_OONI_PAGE_SIZE",
                        "10",
                        "VANTAGE_OONI_POLL_INTERVAL",
                        "2m"));
        assertThat(s.countries()).containsExactly("IR");
        assertThat(s.pageSize()).isEqualTo(50);
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void everyProblemIsListedAtOnceNamingOptionVariableAndValue() {
        OoniBridgeSettings.InvalidSettings e = catchThrowableOfType(
                OoniBridgeSettings.InvalidSettings.class,
                () -> OoniBridgeSettings.resolve(
                        Map.of("api-url", "ftp://x", "page-size", "5000", "bridge-id", "a b"),
                        Map.of("VANTAGE_OONI_POLL_INTERVAL", "soon")));
        List<String> problems = e.problems();
        assertThat(problems).hasSize(5);
        assertThat(e.getMessage())
                .contains("country is required (or set VANTAGE_OONI_COUNTRIES); option --country")
                .contains("--api-url: 'ftp://x' must be an http(s) URL")
                .contains("VANTAGE_OONI_POLL_INTERVAL (poll-interval): 'soon' is not a duration")
                .contains("--page-size: 5000 is outside 1..1000")
                .contains("--bridge-id: 'a b' must be");
    }

    @Test
    void aTrailingWindowShorterThanThePollIntervalIsRefused() {
        OoniBridgeSettings.InvalidSettings e = catchThrowableOfType(
                OoniBridgeSettings.InvalidSettings.class,
                () -> OoniBridgeSettings.resolve(
                        Map.of("country", "PK", "poll-interval", "10m", "trailing-window", "5m"), Map.of()));
        assertThat(e.problems()).singleElement().asString().contains("--trailing-window");
    }

    @Test
    void countryCodesAreCheckedAndWithheldZzRefused() {
        OoniBridgeSettings.InvalidSettings e = catchThrowableOfType(
                OoniBridgeSettings.InvalidSettings.class,
                () -> OoniBridgeSettings.resolve(Map.of("country", "PK,Pakistan,ZZ"), Map.of()));
        assertThat(e.getMessage()).contains("'Pakistan'").contains("'ZZ'");
    }

    @Test
    void everySettingHasAnOoniVariableAHelpAndAValidDefault() {
        for (Setting<?> s : OoniBridgeSettings.ALL.all()) {
            assertThat(s.env()).startsWith("VANTAGE_OONI_");
            assertThat(s.help()).isNotBlank();
            assertDefaultPasses(s);
        }
    }

    private static <T> void assertDefaultPasses(Setting<T> s) {
        if (s.defaultValue() != null && s.check() != null) {
            assertThat(s.check().problem(s.defaultValue())).as(s.key()).isNull();
        }
    }
}
