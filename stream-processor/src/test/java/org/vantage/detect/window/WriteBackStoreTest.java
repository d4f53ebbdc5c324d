package org.vantage.detect.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBackStoreTest {
    private final List<String> prepared = new ArrayList<>();
    private int decoded;
    private WriteBackStore<StringBuilder> store;

    @BeforeEach
    void init() {
        store = WriteBackStore.builder(
                        Stores.inMemoryKeyValueStore("wb"),
                        Serdes.serdeFrom(
                                (topic, sb) -> sb == null ? null : sb.toString().getBytes(), (topic, bytes) -> {
                                    decoded++;
                                    return bytes == null ? null : new StringBuilder(new String(bytes));
                                }),
                        sb -> {
                            prepared.add(sb.toString());
                            return sb;
                        })
                .withLoggingDisabled()
                .build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private KeyValueStore<String, StringBuilder> backing() {
        return store.wrapped();
    }

    @Test
    void updatesStayInMemoryUntilTheCommitAndAreWrittenOncePerKey() {
        StringBuilder a = new StringBuilder("a");
        store.put("k", a);
        for (int i = 0; i < 100; i++) {
            store.get("k").append(i % 10);
            store.put("k", store.get("k"));
        }
        assertThat(backing().get("k")).isNull();
        assertThat(store.get("k")).isSameAs(a);
        assertThat(store.dirtyKeys()).isEqualTo(1);

        store.flushCache(); // what Kafka Streams calls on every registered store at each commit

        assertThat(backing().get("k").toString()).isEqualTo(a.toString());
        assertThat(prepared).containsExactly(a.toString());
        assertThat(store.writeBacks()).isEqualTo(1);
        assertThat(store.dirtyKeys()).isZero();
        store.flushCache();
        assertThat(store.writeBacks()).isEqualTo(1);
    }

    @Test
    void readsFallBackToTheBackingStoreAfterTheLiveObjectsAreDropped() {
        store.put("k", new StringBuilder("committed"));
        store.flushCache();
        store.put("k", new StringBuilder("uncommitted"));
        store.clearCache(); // exactly-once abort: uncommitted work is thrown away
        assertThat(store.get("k").toString()).isEqualTo("committed");
    }

    @Test
    void deleteRemovesBothTheLiveObjectAndTheStoredOne() {
        store.put("k", new StringBuilder("x"));
        store.flushCache();
        store.put("k", new StringBuilder("y"));
        assertThat(store.delete("k").toString()).isEqualTo("y");
        store.flushCache();
        assertThat(store.get("k")).isNull();
        assertThat(backing().get("k")).isNull();
    }

    @Test
    void aDeleteIsWrittenBackWithTheCommitWithoutReadingTheStoredValue() {
        store.put("k", new StringBuilder("x"));
        store.put("other", new StringBuilder("o"));
        store.flushCache();
        decoded = 0;

        store.delete("k");
        assertThat(store.get("k"))
                .as("deleted, though still in the backing store until the commit")
                .isNull();
        assertThat(backing().get("k")).isNotNull();
        decoded = 0;
        store.flushCache();

        assertThat(decoded).as("values decoded by the delete").isZero();
        assertThat(backing().get("k")).isNull();
        assertThat(backing().get("other").toString()).isEqualTo("o");
        store.put("k", new StringBuilder("again"));
        store.flushCache();
        assertThat(backing().get("k").toString()).isEqualTo("again");
    }

    @Test
    void aDeleteThenPutBeforeTheCommitKeepsTheNewValue() {
        store.put("k", new StringBuilder("x"));
        store.flushCache();
        store.delete("k");
        store.put("k", new StringBuilder("y"));
        store.flushCache();
        assertThat(backing().get("k").toString()).isEqualTo("y");
        assertThat(store.get("k").toString()).isEqualTo("y");
    }

    @Test
    void anAbortForgetsUncommittedDeletes() {
        store.put("k", new StringBuilder("committed"));
        store.flushCache();
        store.delete("k");
        store.clearCache(); // exactly-once abort
        assertThat(store.get("k").toString()).isEqualTo("committed");
    }

    @Test
    void rangeReadsSeeChangesNotYetWrittenBack() {
        store.put("a|1", new StringBuilder("1"));
        store.put("a|2", new StringBuilder("2"));
        store.put("b|1", new StringBuilder("3"));
        List<String> seen = new ArrayList<>();
        try (KeyValueIterator<String, StringBuilder> it =
                store.prefixScan("a|", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> seen.add(kv.key + "=" + kv.value));
        }
        assertThat(seen).containsExactly("a|1=1", "a|2=2");
        List<KeyValue<String, StringBuilder>> all = new ArrayList<>();
        try (KeyValueIterator<String, StringBuilder> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        assertThat(all).hasSize(3);
        store.delete("a|1");
        List<String> afterDelete = new ArrayList<>();
        try (KeyValueIterator<String, StringBuilder> it =
                store.prefixScan("a|", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> afterDelete.add(kv.key));
        }
        assertThat(afterDelete).containsExactly("a|2");
    }
}
