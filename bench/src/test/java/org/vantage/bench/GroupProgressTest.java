package org.vantage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupProgressTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition OTHER = new TopicPartition("other", 0);

    @Test
    void countsCommittedOffsetsCappedAtTheEndOfEachPartition() {
        Map<TopicPartition, Long> ends = Map.of(P0, 100L, P1, 50L);
        assertThat(GroupProgress.consumed(ends, Map.of(P0, new OffsetAndMetadata(40), P1, new OffsetAndMetadata(70))))
                .isEqualTo(90);
    }

    @Test
    void partitionsWithoutCommitCountZeroAndOtherTopicsAreIgnored() {
        Map<TopicPartition, Long> ends = Map.of(P0, 100L, P1, 50L);
        assertThat(GroupProgress.consumed(
                        ends, Map.of(OTHER, new OffsetAndMetadata(1000), P1, new OffsetAndMetadata(50))))
                .isEqualTo(50);
        assertThat(GroupProgress.consumed(ends, Map.of())).isZero();
    }
}
