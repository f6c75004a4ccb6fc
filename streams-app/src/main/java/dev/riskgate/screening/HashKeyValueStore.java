package dev.riskgate.screening;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The offline stand-in for the screening's key-value stores: a hash map, because the processors only get, put and
 * delete by key. Kafka Streams' in-memory store keeps a sorted map of serialised keys behind a metering layer, which
 * costs several look-ups' worth per access and buys range queries nothing offline makes.
 */
final class HashKeyValueStore implements KeyValueStore<String, byte[]> {
  private final String name;
  private final Map<String, byte[]> entries = new HashMap<>();
  private boolean open;

  HashKeyValueStore(String name) {
    this.name = name;
  }

  @Override
  public byte[] get(String key) {
    return entries.get(key);
  }

  @Override
  public void put(String key, byte[] value) {
    if (value == null) {
      entries.remove(key);
    } else {
      entries.put(key, value);
    }
  }

  @Override
  public byte[] putIfAbsent(String key, byte[] value) {
    byte[] existing = entries.get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<String, byte[]>> records) {
    records.forEach(r -> put(r.key, r.value));
  }

  @Override
  public byte[] delete(String key) {
    return entries.remove(key);
  }

  @Override
  public KeyValueIterator<String, byte[]> range(String from, String to) {
    throw HashWindowStore.pointLookupsOnly();
  }

  @Override
  public KeyValueIterator<String, byte[]> all() {
    throw HashWindowStore.pointLookupsOnly();
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
  public void init(StateStoreContext context, StateStore root) {
    open = true;
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
