package dev.riskgate.stores;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store on a hash map, for stores that are only ever read by key. Kafka Streams' in-memory store is a
 * synchronised sorted map behind the same metering: its comparisons and lock buy range queries nobody makes here.
 * <ul>
 *   <li>{@link #offline}: every store of the offline screening (one thread, String keys, a plain hash map);</li>
 *   <li>{@link #globalSupplier}: the live global stores (statuses, rulesets), read five times per
 *       transaction by every stream thread while the global thread writes: a concurrent map, restored from the
 *       topic like Kafka's in-memory store (JFR, live benchmark: the sorted map took ~4% of the stream threads).</li>
 * </ul>
 */
public final class HashKeyValueStore<K> extends HashStore implements KeyValueStore<K, byte[]> {
  private final Map<K, byte[]> entries;
  /** How a record restored from the store's topic is keyed; null for a store that is never restored. */
  private final Function<byte[], K> restoredKey;

  private static final int IN_PLACE_STEP = 256;
  /** Offline only: values are copied into the array already held for the key when it is long enough. */
  private final boolean inPlace;

  private HashKeyValueStore(String name, Map<K, byte[]> entries, Function<byte[], K> restoredKey, boolean inPlace) {
    super(name);
    this.entries = entries;
    this.restoredKey = restoredKey;
    this.inPlace = inPlace;
  }

  public static HashKeyValueStore<String> offline(String name) {
    return new HashKeyValueStore<>(name, new HashMap<>(), null, false);
  }

  /**
   * Offline, for values rewritten on every record of their key whose format knows its own length (card profiles):
   * a value is copied into the array the store already holds for the key when it fits, so {@link #get} may return
   * an array longer than what was put, its tail meaningless. Storing each new array instead made every profile a
   * medium-lived object: copied by young collections, promoted, then dead, the largest cost of a long backtest's
   * collector.
   */
  public static HashKeyValueStore<String> offlineInPlace(String name) {
    return new HashKeyValueStore<>(name, new HashMap<>(), null, true);
  }

  /** For {@code Stores.keyValueStoreBuilder}: metering wraps it as any other store. */
  public static KeyValueBytesStoreSupplier globalSupplier(String name) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new HashKeyValueStore<>(name, new ConcurrentHashMap<>(), Bytes::wrap, false);
      }

      @Override
      public String metricsScope() {
        return "in-memory-hash";
      }
    };
  }

  @Override
  public byte[] get(K key) {
    return entries.get(key);
  }

  @Override
  public void put(K key, byte[] value) {
    if (value == null) {
      entries.remove(key);
    } else if (inPlace) {
      byte[] held = entries.get(key);
      if (held != null && held.length >= value.length) {
        System.arraycopy(value, 0, held, 0, value.length);
      } else {
        // room to grow: a profile gains a few bytes per transaction until its ring is full
        entries.put(key, Arrays.copyOf(value, (value.length + IN_PLACE_STEP) / IN_PLACE_STEP * IN_PLACE_STEP));
      }
    } else {
      entries.put(key, value);
    }
  }

  @Override
  public byte[] putIfAbsent(K key, byte[] value) {
    byte[] existing = entries.get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<K, byte[]>> records) {
    records.forEach(r -> put(r.key, r.value));
  }

  @Override
  public byte[] delete(K key) {
    return entries.remove(key);
  }

  @Override
  public KeyValueIterator<K, byte[]> range(K from, K to) {
    throw HashWindowStore.pointLookupsOnly();
  }

  @Override
  public KeyValueIterator<K, byte[]> all() {
    throw HashWindowStore.pointLookupsOnly();
  }

  @Override
  public long approximateNumEntries() {
    return entries.size();
  }

  @Override
  void register(StateStoreContext context, StateStore root) {
    if (restoredKey != null) {
      // restoring from the topic writes straight into the map, as Kafka Streams' in-memory store does
      context.register(root, (key, value) -> put(restoredKey.apply(key), value));
    }
  }

  @Override
  void clear() {
    entries.clear();
  }
}
