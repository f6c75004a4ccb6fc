package dev.riskgate.stores;

import java.util.List;
import java.util.Map;
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
 * a commit is prepared, and then not entry by entry: an entry put and deleted between two commits is never written at
 * all, and the rest go in a few records per commit ({@link ChunkedEntries}: one chunk of the entries put since the
 * last commit, and where each earlier chunk has been released to). An alignment buffer held across commits wrote a
 * record when each transaction was held and a delete when it was released, each through Kafka Streams' store and
 * changelog layers, the producer and the broker; under exactly-once, in a drain, that was 1.6 records per transaction.
 *
 * <p>Kafka Streams' record cache does this only halfway: it writes a delete for every entry deleted, even one the
 * store and its changelog never held (it skips those only for a store with a flush listener, as a KTable's), and,
 * sharing its size with every other cached store of the thread, it writes out the oldest entries of the store being
 * written whenever the thread's cache is full: for the alignment buffer, whose oldest entries are the next to be
 * released, a put and a delete for most transactions under at-least-once (30 s between commits).
 *
 * <p>Kafka Streams flushes a task's caches ({@link CachedStateStore#flushCache}) before it flushes the producer and
 * commits, as part of the same commit (and before closing a task, cleanly or not), and drops them ({@link #clearCache})
 * when it moves a task between active and standby; this store takes part as a cache does. What it holds is read from
 * the inner store on first use and again by each {@link #all()} with nothing unwritten (a processor's start): a standby
 * task's restore writes the inner store behind its back. The inner store is built by Kafka Streams' builder with
 * logging on and caching off ({@link #builder}); it holds chunks, so it is not for interactive queries.
 */
public final class WriteBehindKeyValueStore implements KeyValueStore<Bytes, byte[]>, CachedStateStore<Bytes, byte[]> {
  private final KeyValueStore<Bytes, byte[]> inner;
  private final ChunkedEntries entries = new ChunkedEntries();
  private final ChunkedEntries.Sink below;
  /** Whether {@link #entries} was read from the inner store since this store was initialised or cleared. */
  private boolean loaded;

  WriteBehindKeyValueStore(KeyValueStore<Bytes, byte[]> inner) {
    this.inner = inner;
    this.below = new ChunkedEntries.Sink() {
      @Override
      public void put(Bytes key, byte[] value) {
        inner.put(key, value);
      }

      @Override
      public void delete(Bytes key) {
        inner.delete(key);
      }
    };
  }

  /** A builder of this store over an in-memory store named {@code name}, changelogged. */
  public static org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<Bytes, byte[]>> builder(String name) {
    return new WriteBehindStoreBuilder(name);
  }

  private ChunkedEntries loaded() {
    if (!loaded) {
      try (KeyValueIterator<Bytes, byte[]> stored = inner.all()) {
        entries.load(stored);
      }
      loaded = true;
    }
    return entries;
  }

  @Override
  public void put(Bytes key, byte[] value) {
    if (value == null) {
      delete(key);
    } else {
      loaded().put(key, value);
    }
  }

  @Override
  public byte[] delete(Bytes key) {
    return loaded().delete(key);
  }

  @Override
  public byte[] get(Bytes key) {
    return loaded().get(key);
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

  /**
   * Every entry in key order, from a copy of the list, as this is read only when a task starts; read again from the
   * inner store first unless something is still to be written (a standby task's restore may have changed it).
   */
  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    if (!entries.changed()) {
      loaded = false;
    }
    var all = loaded().all();
    return new KeyValueIterator<>() {
      @Override
      public boolean hasNext() {
        return all.hasNext();
      }

      @Override
      public KeyValue<Bytes, byte[]> next() {
        return all.next();
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
    return loaded().size();
  }

  /** Called by Kafka Streams as a commit is prepared: what changed goes to the inner store and its changelog. */
  @Override
  public void flushCache() {
    if (loaded) {
      entries.flush(below);
    }
  }

  /** Called by Kafka Streams when it moves the task between active and standby: the inner store is the truth. */
  @Override
  public void clearCache() {
    entries.clear();
    loaded = false;
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
    clearCache();
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
