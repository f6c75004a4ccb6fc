package dev.riskgate.status;

import dev.riskgate.schema.EntityStatus;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global status store equal to the compacted entity-status topic (key {@code <TYPE>:<id>}). The store
 * holds the topic's raw bytes because Kafka Streams restores a global store by copying the topic, bypassing this
 * processor; both paths must leave the same content. A tombstone removes the entity, which then counts as ACTIVE.
 */
public final class StatusStoreUpdater implements Processor<String, byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(StatusStoreUpdater.class);
  private final String storeName;
  private final Deserializer<EntityStatus> deserializer;
  private KeyValueStore<String, byte[]> store;
  private String topic;

  public StatusStoreUpdater(String storeName, String topic, Deserializer<EntityStatus> deserializer) {
    this.storeName = storeName;
    this.topic = topic;
    this.deserializer = deserializer;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      log.warn("Ignoring an entity-status record without a key; the key must be <TYPE>:<id>");
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      return;
    }
    EntityStatus status;
    try {
      status = deserializer.deserialize(topic, record.value());
    } catch (RuntimeException e) {
      log.error("Ignoring undecodable entity-status record for key '{}': {}", record.key(), e.getMessage());
      return;
    }
    String expected = StatusReasons.key(status.getEntityType(), status.getEntityId());
    if (!expected.equals(record.key())) {
      log.warn("entity-status record keyed '{}' describes {}: it is ignored by look-ups until keyed {}",
          record.key(), expected, expected);
    }
    store.put(record.key(), record.value());
  }
}
