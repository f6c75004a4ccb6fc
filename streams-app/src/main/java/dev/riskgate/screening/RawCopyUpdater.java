package dev.riskgate.screening;

import java.util.function.BiConsumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a global store equal to its topic, as raw bytes, exactly as Kafka Streams' restore does (restoration copies
 * the topic and bypasses this processor, so both paths must leave the same content). Readers decode and judge the
 * values (a published ruleset may be refused, see {@code ActiveRuleset}); an optional inspector only reports on
 * records as they arrive.
 */
final class RawCopyUpdater implements Processor<String, byte[], Void, Void> {
  private final String storeName;
  private final BiConsumer<String, byte[]> inspector;
  private KeyValueStore<String, byte[]> store;

  RawCopyUpdater(String storeName) {
    this(storeName, (key, value) -> { });
  }

  RawCopyUpdater(String storeName, BiConsumer<String, byte[]> inspector) {
    this.storeName = storeName;
    this.inspector = inspector;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    inspector.accept(record.key(), record.value());
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
