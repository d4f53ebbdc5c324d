package org.vantage.detect.national;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RegionPopulationTest {
    final RegionPopulation census = RegionPopulation.bundled();

    @Test
    void pakistansProvincesHaveTheir2023CensusShares() {
        assertThat(census.share("PK", "Punjab")).isCloseTo(127_688_922.0 / 241_499_431, within(1e-12));
        assertThat(census.share("PK", "Khyber Pakhtunkhwa")).isCloseTo(40_856_097.0 / 241_499_431, within(1e-12));
        assertThat(census.share("PK", "Balochistan")).isCloseTo(14_894_402.0 / 241_499_431, within(1e-12));
        assertThat(census.share("PK", "Islamabad Capital Territory"))
                .isCloseTo(2_363_863.0 / 241_499_431, within(1e-12));
    }

    @Test
    void namesProbesReportDifferentlyAreMatched() {
        assertThat(census.share("PK", "KPK")).isEqualTo(census.share("PK", "Khyber Pakhtunkhwa"));
        assertThat(census.share("PK", "khyber-pakhtunkhwa")).isEqualTo(census.share("PK", "Khyber Pakhtunkhwa"));
        assertThat(census.share("PK", "Islamabad")).isEqualTo(census.share("PK", "Islamabad Capital Territory"));
    }

    @Test
    void territoriesTheCensusDoesNotCoverAndUnknownRegionsHaveNoFigure() {
        assertThat(census.share("PK", "Gilgit-Baltistan")).isNull();
        assertThat(census.share("PK", "AJK")).isNull();
        assertThat(census.share("PK", "Atlantis")).isNull();
        assertThat(census.share("IR", "Tehran")).isNull();
    }
}
