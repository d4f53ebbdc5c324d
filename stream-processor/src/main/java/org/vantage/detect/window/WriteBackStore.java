package org.vantage.detect.window;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store of mutable live objects that reaches its backing store (and so its changelog) once per
 * commit per changed key, instead of once per update.
 *
 * <p>Why: the per-network stage updates the same window summary and network state for every measurement.
 * Serialising them on every update (even into Kafka Streams' record cache, which holds bytes) cost more than
 * everything else the detector does. Here {@link #put} only marks the key dirty; the objects are serialised
 * when Kafka Streams flushes the task's stores, which it does at every commit before it flushes the producer
 * and commits the input offsets ({@code StreamTask.prepareCommit}). So the changelog always holds the state
 * that matches the committed offsets, under exactly-once as under at-least-once, and a crash between commits
 * loses only uncommitted work, which is re-processed from the input.
 *
 * <p>The commit hook is {@link org.apache.kafka.streams.state.internals.CachedStateStore#flushCache()}, which
 * {@link WrappedStateStore} implements: the one place Kafka Streams calls on every registered store at each
 * commit. It is an internal interface; {@code WriteBackStoreTest} pins the behaviour this class relies on.
 *
 * <p>Live objects are returned by {@link #get} and must be {@link #put} back after being changed. Memory is one
 * object per live key; the owner deletes keys it no longer needs. Range reads ({@link #all()},
 * {@link #prefixScan}) write dirty objects back first, so they see every change. Interactive queries from
 * other threads are not supported (nothing queries these stores).
 */
public final class WriteBackStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
        implements KeyValueStore<String, V> {
    private final UnaryOperator<V> beforeWrite;
    private final Map<String, V> live = new HashMap<>();
    /** Keys changed since the last write-back, with their objects (so that writing them back needs no lookup). */
    private final Map<String, V> dirty = new LinkedHashMap<>();
    /** Keys deleted since the last write-back: their stored values must no longer be read. */
    private final Set<String> deleted = new HashSet<>();

    private long writeBacks;

    WriteBackStore(KeyValueStore<String, V> backing, UnaryOperator<V> beforeWrite) {
        super(backing);
        this.beforeWrite = beforeWrite;
    }

    /** A builder for {@code addStateStore}: a changelogged store of {@code valueSerde} values behind a write-back layer. */
    public static <V> StoreBuilder<WriteBackStore<V>> builder(
            KeyValueBytesStoreSupplier supplier, Serde<V> valueSerde) {
        return builder(supplier, valueSerde, UnaryOperator.identity());
    }

    /** As above; {@code beforeWrite} prepares a live object for serialisation (for example, syncs its sketches). */
    public static <V> StoreBuilder<WriteBackStore<V>> builder(
            KeyValueBytesStoreSupplier supplier, Serde<V> valueSerde, UnaryOperator<V> beforeWrite) {
        return new Builder<>(
                Stores.keyValueStoreBuilder(supplier, Serdes.String(), valueSerde)
                        .withCachingDisabled(),
                beforeWrite);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        live.clear();
        dirty.clear();
        deleted.clear();
        super.init(context, root);
    }

    @Override
    public V get(String key) {
        V v = live.get(key);
        if (v == null && !deleted.contains(key)) {
            v = wrapped().get(key);
            if (v != null) {
                live.put(key, v);
            }
        }
        return v;
    }

    @Override
    public void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        live.put(key, value);
        dirty.put(key, value);
        deleted.remove(key);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V existing = get(key);
        if (existing == null) {
            put(key, value);
        }
        return existing;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(kv -> put(kv.key, kv.value));
    }

    /**
     * Deletes at the next write-back too, in the same batch as the changed keys: deleting through the backing store
     * at once would read and deserialise the old value (Kafka Streams' metered store returns it), once for every
     * window closed.
     */
    @Override
    public V delete(String key) {
        V old = get(key);
        live.remove(key);
        dirty.remove(key);
        deleted.add(key);
        return old;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        writeBack();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        writeBack();
        return wrapped().all();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        writeBack();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        writeBack();
        return wrapped().approximateNumEntries();
    }

    /** Called by Kafka Streams at every commit (and before the task's stores are closed cleanly). */
    @Override
    public void flushCache() {
        writeBack();
        super.flushCache();
    }

    /** Called when the task's uncommitted work is thrown away (exactly-once abort, corrupted task). */
    @Override
    public void clearCache() {
        live.clear();
        dirty.clear();
        deleted.clear();
        super.clearCache();
    }

    @Override
    public void close() {
        live.clear();
        dirty.clear();
        deleted.clear();
        super.close();
    }

    /** Keys changed since the last write-back. */
    public int dirtyKeys() {
        return dirty.size();
    }

    /** Values written to the backing store since this store was created: one per dirty key per commit. */
    public long writeBacks() {
        return writeBacks;
    }

    private void writeBack() {
        if (dirty.isEmpty() && deleted.isEmpty()) {
            return;
        }
        List<KeyValue<String, V>> batch = new ArrayList<>(dirty.size() + deleted.size());
        for (Map.Entry<String, V> e : dirty.entrySet()) {
            batch.add(KeyValue.pair(e.getKey(), beforeWrite.apply(e.getValue())));
        }
        for (String key : deleted) {
            batch.add(KeyValue.pair(key, null)); // a tombstone in the changelog, a delete in the store
        }
        writeBacks += dirty.size();
        dirty.clear();
        deleted.clear();
        wrapped().putAll(batch);
    }

    private static final class Builder<V> implements StoreBuilder<WriteBackStore<V>> {
        private final StoreBuilder<KeyValueStore<String, V>> backing;
        private final UnaryOperator<V> beforeWrite;

        Builder(StoreBuilder<KeyValueStore<String, V>> backing, UnaryOperator<V> beforeWrite) {
            this.backing = backing;
            this.beforeWrite = beforeWrite;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withCachingEnabled() {
            throw new UnsupportedOperationException(
                    "a write-back store is its own cache; Kafka Streams' record cache would serialise every update");
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withLoggingEnabled(Map<String, String> config) {
            backing.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withLoggingDisabled() {
            backing.withLoggingDisabled();
            return this;
        }

        @Override
        public WriteBackStore<V> build() {
            return new WriteBackStore<>(backing.build(), beforeWrite);
        }

        @Override
        public Map<String, String> logConfig() {
            return backing.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return backing.loggingEnabled();
        }

        @Override
        public String name() {
            return backing.name();
        }
    }
}
