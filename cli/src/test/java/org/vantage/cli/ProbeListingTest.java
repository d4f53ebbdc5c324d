package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.trust.Enrollments;
import org.vantage.trust.ProbeCredentials;

class ProbeListingTest {
    @Test
    void aFloodOfRequestsIsSummarisedBySourceAddress() {
        List<ProbeEnrollment> requests = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            requests.add(Enrollments.request(
                    ProbeCredentials.generate("flood-" + i),
                    List.of("PK:9541"),
                    i < 290 ? "198.51.100.9" : "203.0.113." + i,
                    null,
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
        }
        String text = ProbeListing.text(List.of(), requests, 20);
        assertThat(text)
                .contains("Pending requests: 300")
                .contains("198.51.100.9")
                .contains("290")
                .contains("the oldest 20:");
        assertThat(text.lines().filter(l -> l.contains("flood-"))).hasSize(20);
    }
}
