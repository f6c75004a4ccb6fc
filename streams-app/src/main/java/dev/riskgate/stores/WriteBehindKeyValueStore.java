package dev.riskgate.stores;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A changelogged key-value store for short-lived entries, written to its inner store (and so its changelog) only when
 * a commit is prepared: an entry put and deleted between two commits is never written at all.
 *
 * <p>Kafka Streams' record cache does this only halfway: it writes a delete for every entry deleted, even one the
 * store and its changelog never held (it skips those only for a store with a flush listener, as a KTable's), and,
 * sharing its size with every other cached store of the thread, it writes out the oldest entries of the store being
 * written whenever the thread's cache is full: for the alignment buffer, whose oldest entries are the next to be
 * released, a put and a delete for most transactions under at-least-once (30 s between commits).
 *
 * <p>Kafka Streams flushes a task's caches ({@link CachedStateStore#flushCache}) before it flushes the producer and
 * commits, as part of the same commit, and drops them ({@link #clearCache}) when it abandons a task's uncommitted work;
 * this store takes part as a cache does. Its own pending writes are bounded by the entries alive between two commits.
 * The inner store is built by Kafka Streams' builder with logging on and caching off ({@link #builder}).
 */
public final class WriteBehindKeyValueStore implements KeyValueStore<Bytes, byte[]>, CachedStateStore<Bytes, byte[]> {
  /** A pending delete of an entry the inner store holds. */
  private static final byte[] DELETED = new byte[0];
  private final KeyValueStore<Bytes, byte[]> inner;
  /** Writes since the last commit: a value, or {@link #DELETED}; an entry born and gone since then is not here. */
  private final Map<Bytes, byte[]> pending = new HashMap<>();

  WriteBehindKeyValueStore(KeyValueStore<Bytes, byte[]> inner) {
    this.inner = inner;
  }

  /** A builder of this store over an in-memory store named {@code name}, changelogged. */
  public static org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<Bytes, byte[]>> builder(String name) {
    return new WriteBehindStoreBuilder(name);
  }

  @Override
  public void put(Bytes key, byte[] value) {
    if (value == null) {
      delete(key);
    } else {
      pending.put(key, value);
    }
  }

  @Override
  public byte[] delete(Bytes key) {
    byte[] before = pending.get(key);
    byte[] held = inner.get(key);
    if (held == null) {
      pending.remove(key); // nothing to delete once written: forgotten before it ever was
    } else {
      pending.put(key, DELETED);
    }
    return before == DELETED ? null : before != null ? before : held;
  }

  @Override
  public byte[] get(Bytes key) {
    byte[] value = pending.get(key);
    if (value == null) {
      return inner.get(key);
    }
    return value == DELETED ? null : value;
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] existing = get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    entries.forEach(entry -> put(entry.key, entry.value));
  }

  /** Every entry in key order, pending writes included: a copy, as this is read only when a task starts. */
  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    TreeMap<Bytes, byte[]> merged = new TreeMap<>();
    try (KeyValueIterator<Bytes, byte[]> held = inner.all()) {
      held.forEachRemaining(entry -> merged.put(entry.key, entry.value));
    }
    pending.forEach((key, value) -> {
      if (value == DELETED) {
        merged.remove(key);
      } else {
        merged.put(key, value);
      }
    });
    var entries = merged.entrySet().iterator();
    return new KeyValueIterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public KeyValue<Bytes, byte[]> next() {
        var entry = entries.next();
        return KeyValue.pair(entry.getKey(), entry.getValue());
      }

      @Override
      public Bytes peekNextKey() {
        throw new UnsupportedOperationException("peekNextKey");
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    throw new UnsupportedOperationException(name() + " is read by key, or whole when a task starts");
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries() + pending.size();
  }

  /** Called by Kafka Streams as a commit is prepared: the pending writes go to the inner store and its changelog. */
  @Override
  public void flushCache() {
    if (pending.isEmpty()) {
      return;
    }
    pending.forEach((key, value) -> {
      if (value == DELETED) {
        inner.delete(key);
      } else {
        inner.put(key, value);
      }
    });
    pending.clear();
  }

  /** Called by Kafka Streams when it abandons the task's uncommitted work: its input is read again. */
  @Override
  public void clearCache() {
    pending.clear();
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    inner.init(context, root);
  }

  @Override
  public void flush() {
    inner.flush();
  }

  /** As Kafka Streams' caching store: whatever is pending goes first (nothing, after {@link #flushCache}). */
  @Override
  public void commit(Map<org.apache.kafka.common.TopicPartition, Long> changelogOffsets) {
    flushCache();
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(org.apache.kafka.common.TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public long approximateNumUncommittedBytes() {
    return inner.approximateNumUncommittedBytes();
  }

  /**
   * As Kafka Streams' caching store: a clean close has committed everything; one abandoning the task's work has
   * {@linkplain #clearCache cleared} it first.
   */
  @Override
  public void close() {
    flushCache();
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return inner.query(query, positionBound, config);
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }
}
