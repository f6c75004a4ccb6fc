package dev.riskgate.stores;

import java.util.TreeMap;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The offline stand-in for the de-duplication window store: an {@link ArenaBytesMap} per window start, which is all
 * the decision memory asks of it (point put and fetch). Retention follows Kafka Streams' in-memory window store:
 * a window older than the retention period behind the latest window start seen is dropped and no longer found.
 * Kafka's own in-memory store answers through a skip list of serialised keys, which was a third of the backtest's
 * time; range queries are not offered because nothing offline makes them.
 */
public final class HashWindowStore extends HashStore implements WindowStore<String, byte[]> {
  private final long retentionMs;
  private final TreeMap<Long, ArenaBytesMap> windows = new TreeMap<>();
  private long observedTime = Long.MIN_VALUE;

  public HashWindowStore(String name, long retentionMs) {
    super(name);
    this.retentionMs = retentionMs;
  }

  @Override
  public void put(String key, byte[] value, long windowStart) {
    observedTime = Math.max(observedTime, windowStart);
    windows.headMap(observedTime - retentionMs, true).clear();
    if (expired(windowStart)) {
      return;
    }
    windows.computeIfAbsent(windowStart, w -> new ArenaBytesMap()).put(key, value);
  }

  @Override
  public byte[] fetch(String key, long windowStart) {
    if (expired(windowStart)) {
      return null;
    }
    ArenaBytesMap window = windows.get(windowStart);
    return window == null ? null : window.get(key);
  }

  private boolean expired(long windowStart) {
    return observedTime != Long.MIN_VALUE && windowStart <= observedTime - retentionMs;
  }

  @Override
  public WindowStoreIterator<byte[]> fetch(String key, long timeFrom, long timeTo) {
    throw pointLookupsOnly();
  }

  @Override
  public KeyValueIterator<Windowed<String>, byte[]> fetch(String keyFrom, String keyTo, long timeFrom, long timeTo) {
    throw pointLookupsOnly();
  }

  @Override
  public KeyValueIterator<Windowed<String>, byte[]> fetchAll(long timeFrom, long timeTo) {
    throw pointLookupsOnly();
  }

  @Override
  public KeyValueIterator<Windowed<String>, byte[]> all() {
    throw pointLookupsOnly();
  }

  static UnsupportedOperationException pointLookupsOnly() {
    return new UnsupportedOperationException("riskgate's hash-map stores answer look-ups by key only");
  }

  @Override
  void clear() {
    windows.clear();
  }
}
