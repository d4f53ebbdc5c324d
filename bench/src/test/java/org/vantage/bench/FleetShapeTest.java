package org.vantage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vantage.probe.simulate.Scenario;

class FleetShapeTest {

    @Test
    void pointsAreWrittenProbesNetworksCountriesWithThousandsAsK() {
        assertThat(FleetShape.parse("20k/1000/200")).isEqualTo(new FleetShape(20_000, 1_000, 200));
        assertThat(FleetShape.parse(" 200,000/10_000/200 ")).isEqualTo(new FleetShape(200_000, 10_000, 200));
        assertThat(new FleetShape(200, 10, 2).key()).isEqualTo("200/10/2");
        assertThat(FleetShape.BASE.key()).isEqualTo("2k/100/20");
    }

    @Test
    void aShapeThatCannotBeBuiltSaysEveryProblem() {
        assertThatThrownBy(() -> FleetShape.parse("5/10/300"))
                .hasMessageContaining("countries must be 1..")
                .hasMessageContaining("networks (10) must be at least countries (300)")
                .hasMessageContaining("probes (5) must be at least networks (10)");
        assertThatThrownBy(() -> FleetShape.parse("2k/100")).hasMessageContaining("probes/networks/countries");
        assertThatThrownBy(() -> FleetShape.parse("2x/100/20")).hasMessageContaining("'2x'");
    }

    @Test
    void theBaseFleetIsTheBenchmarksUsualOne() {
        List<Scenario.Network> nets = BenchFleet.networks(FleetShape.BASE);
        assertThat(nets).hasSize(100);
        assertThat(nets.subList(0, 5)).extracting(Scenario.Network::probes).containsExactly(36, 24, 18, 12, 10);
        assertThat(nets.get(0).country()).isEqualTo("PK");
        assertThat(nets.get(0).asn()).isEqualTo(100_000L);
        assertThat(nets.get(99).asn()).isEqualTo(101_904L);
    }

    @Test
    void everyShapeHasExactlyItsProbesNetworksAndCountriesWithDistinctNetworksOutsideTheLatencyCountries() {
        for (FleetShape shape : List.of(
                new FleetShape(200, 10, 2),
                new FleetShape(20_000, 1_000, 200),
                new FleetShape(200_000, 10_000, 200),
                new FleetShape(1_003, 47, 7))) {
            List<Scenario.Network> nets = BenchFleet.networks(shape);
            assertThat(nets).hasSize(shape.networks());
            assertThat(nets.stream().mapToInt(Scenario.Network::probes).sum()).isEqualTo(shape.probes());
            assertThat(nets).allMatch(n -> n.probes() >= 1);
            Set<String> countries = new HashSet<>();
            Set<String> keys = new HashSet<>();
            for (Scenario.Network n : nets) {
                countries.add(n.country());
                assertThat(keys.add(n.country() + ":" + n.asn()))
                        .as("network %s:%d twice", n.country(), n.asn())
                        .isTrue();
            }
            assertThat(countries).hasSize(shape.countries()).doesNotContainAnyElementsOf(DisruptionInjection.COUNTRIES);
        }
    }
}
