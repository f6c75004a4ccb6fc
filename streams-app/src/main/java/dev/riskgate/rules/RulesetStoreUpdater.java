package dev.riskgate.rules;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Copies risk-rules into the global ruleset store as raw bytes, exactly as Kafka Streams' restore does; the screen
 * processors decide whether a published ruleset is usable (see {@link ActiveRuleset}).
 */
public final class RulesetStoreUpdater implements Processor<String, byte[], Void, Void> {
  private final String storeName;
  private KeyValueStore<String, byte[]> store;

  public RulesetStoreUpdater(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
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
