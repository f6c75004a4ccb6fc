package dev.riskgate.screening;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The in-memory store behind the global stores (statuses, rulesets, merchant features): a concurrent hash map.
 * Kafka Streams' own in-memory store is a synchronised sorted map; screening makes five look-ups in these stores per
 * transaction from every stream thread while the global thread writes, and only ever by key, so the sorted map's
 * comparisons and lock bought nothing (JFR, live benchmark: ~4% of the stream threads in its look-ups).
 */
final class HashGlobalStore implements KeyValueStore<Bytes, byte[]> {
  private final String name;
  private final ConcurrentHashMap<Bytes, byte[]> entries = new ConcurrentHashMap<>();
  private volatile boolean open;

  private HashGlobalStore(String name) {
    this.name = name;
  }

  /** For {@code Stores.keyValueStoreBuilder}: metering and (when enabled) logging wrap it as any other store. */
  static KeyValueBytesStoreSupplier supplier(String name) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new HashGlobalStore(name);
      }

      @Override
      public String metricsScope() {
        return "in-memory-hash";
      }
    };
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    // restoring from the topic writes straight into the map, as Kafka Streams' in-memory store does
    context.register(root, (key, value) -> put(Bytes.wrap(key), value));
    open = true;
  }

  @Override
  public byte[] get(Bytes key) {
    return entries.get(key);
  }

  @Override
  public void put(Bytes key, byte[] value) {
    if (value == null) {
      entries.remove(key);
    } else {
      entries.put(key, value);
    }
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    return value == null ? entries.get(key) : entries.putIfAbsent(key, value);
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> records) {
    records.forEach(r -> put(r.key, r.value));
  }

  @Override
  public byte[] delete(Bytes key) {
    return entries.remove(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    throw pointLookupsOnly();
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    throw pointLookupsOnly();
  }

  private UnsupportedOperationException pointLookupsOnly() {
    return new UnsupportedOperationException("store " + name + " answers look-ups by key only");
  }

  @Override
  public long approximateNumEntries() {
    return entries.size();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void flush() {
    // nothing buffered: every write is in the map already
  }

  @Override
  public void close() {
    open = false;
    entries.clear();
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }
}
