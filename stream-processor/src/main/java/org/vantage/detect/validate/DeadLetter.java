package org.vantage.detect.validate;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.vantage.topics.VantageTopic;

/**
 * A rejected input record: its original bytes and where it came from, sent to
 * {@link VantageTopic#DEAD_LETTERS} with the reason in {@link VantageTopic#DLQ_REASON_HEADER}.
 */
public record DeadLetter(byte[] key, byte[] value, Rejection rejection, String topic, int partition, long offset) {
    /** Header naming the topic the record was read from. */
    public static final String TOPIC_HEADER = "vantage.dlq.topic";

    public static final String PARTITION_HEADER = "vantage.dlq.partition";
    public static final String OFFSET_HEADER = "vantage.dlq.offset";
    /** Machine-readable reason code ({@link RejectReason}); the reason header carries code and message. */
    public static final String REASON_CODE_HEADER = "vantage.dlq.reason.code";

    public static DeadLetter of(
            byte[] key, byte[] value, Rejection rejection, java.util.Optional<RecordMetadata> meta) {
        return new DeadLetter(
                key,
                value,
                rejection,
                meta.map(RecordMetadata::topic).orElse(""),
                meta.map(RecordMetadata::partition).orElse(-1),
                meta.map(RecordMetadata::offset).orElse(-1L));
    }

    /** The original headers plus the dead-letter headers. */
    public Headers headers(Headers original) {
        Headers h =
                new RecordHeaders(original == null ? new org.apache.kafka.common.header.Header[0] : original.toArray());
        h.add(VantageTopic.DLQ_REASON_HEADER, utf8(rejection.headerValue()));
        h.add(REASON_CODE_HEADER, utf8(rejection.reason().name()));
        h.add(TOPIC_HEADER, utf8(topic));
        h.add(PARTITION_HEADER, utf8(Integer.toString(partition)));
        h.add(OFFSET_HEADER, utf8(Long.toString(offset)));
        return h;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
