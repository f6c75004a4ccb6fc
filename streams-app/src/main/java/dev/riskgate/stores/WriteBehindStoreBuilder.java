package dev.riskgate.stores;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds a {@link WriteBehindKeyValueStore} over Kafka Streams' in-memory store, metered and changelogged as any
 * other. Logging cannot be turned off (the store exists to write its changelog late, not never), and Kafka Streams'
 * record cache cannot be turned on: this store is the cache.
 */
final class WriteBehindStoreBuilder implements StoreBuilder<KeyValueStore<Bytes, byte[]>> {
  private StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;

  WriteBehindStoreBuilder(String name) {
    this.inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
        .withCachingDisabled();
  }

  @Override
  public KeyValueStore<Bytes, byte[]> build() {
    return new WriteBehindKeyValueStore(inner.build());
  }

  @Override
  public StoreBuilder<KeyValueStore<Bytes, byte[]>> withCachingEnabled() {
    throw new UnsupportedOperationException(name() + " is a write-behind store: it is its own cache");
  }

  @Override
  public StoreBuilder<KeyValueStore<Bytes, byte[]>> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<KeyValueStore<Bytes, byte[]>> withLoggingEnabled(Map<String, String> config) {
    inner = inner.withLoggingEnabled(config);
    return this;
  }

  @Override
  public StoreBuilder<KeyValueStore<Bytes, byte[]>> withLoggingDisabled() {
    throw new UnsupportedOperationException(name() + " is a write-behind store: without its changelog it is lost");
  }

  @Override
  public Map<String, String> logConfig() {
    return inner.logConfig();
  }

  @Override
  public boolean loggingEnabled() {
    return inner.loggingEnabled();
  }

  @Override
  public String name() {
    return inner.name();
  }
}
