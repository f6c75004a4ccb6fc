package dev.riskgate.rulesets;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.schema.RulesetDocument;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ruleset in force for the whole instance in the global ruleset store: each published document is checked
 * here, once, on the global thread; a valid one goes in force ({@link ActiveRuleset#KEY}), a refused one is kept apart
 * ({@link ActiveRuleset#REFUSED_KEY}) for the API to report, and the one in force stays. Kafka Streams reprocesses
 * risk-rules through this processor on every start, and riskgate keeps every publication in that topic, so an
 * instance restarts with the last valid ruleset, never silently the shipped default. A tombstone returns to the
 * shipped default. A publication under {@link ActiveRuleset#CANDIDATE_KEY} is the candidate ruleset, checked alike and kept
 * under that key (a refused one leaves the candidate as it was); its tombstone withdraws the candidate only. Nothing here
 * may throw: the global thread cannot be replaced.
 */
public final class RulesetUpdater implements Processor<String, byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(RulesetUpdater.class);
  private final String storeName;
  private final String topic;
  private final Deserializer<RulesetDocument> deserializer;
  private final Consumer<String> onRefused;
  private KeyValueStore<String, byte[]> store;

  /** {@code onRefused} is told the problems of each refused publication (a metric counts them). */
  public RulesetUpdater(String storeName, String topic, Deserializer<RulesetDocument> deserializer,
      Consumer<String> onRefused) {
    this.storeName = storeName;
    this.topic = topic;
    this.deserializer = deserializer;
    this.onRefused = onRefused;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (ActiveRuleset.CANDIDATE_KEY.equals(record.key())) {
      candidate(record.value());
      return;
    }
    if (record.value() == null) {
      store.delete(ActiveRuleset.KEY);
      store.delete(ActiveRuleset.REFUSED_KEY);
      log.info("Ruleset withdrawn from {}: the shipped default is in force", topic);
      return;
    }
    try {
      RulesetDocument document = deserializer.deserialize(topic, record.value());
      Ruleset ruleset = ActiveRuleset.check(document);
      store.put(ActiveRuleset.KEY, record.value());
      store.delete(ActiveRuleset.REFUSED_KEY);
      log.info("Ruleset {} in force (published {} by {})", ruleset.version(), document.getPublishedAt(),
          PanDetector.mask(document.getPublishedBy()));
    } catch (RuntimeException e) {
      String problems = PanDetector.mask(String.valueOf(e.getMessage()));
      store.put(ActiveRuleset.REFUSED_KEY, record.value());
      log.error("Published ruleset refused, the one in force stays: {}", problems);
      onRefused.accept(problems);
    }
  }

  private void candidate(byte[] value) {
    if (value == null) {
      store.delete(ActiveRuleset.CANDIDATE_KEY);
      log.info("Candidate ruleset withdrawn from {}", topic);
      return;
    }
    try {
      Ruleset ruleset = ActiveRuleset.check(deserializer.deserialize(topic, value));
      store.put(ActiveRuleset.CANDIDATE_KEY, value);
      log.info("Candidate ruleset {} decides beside the one in force", ruleset.version());
    } catch (RuntimeException e) {
      String problems = PanDetector.mask(String.valueOf(e.getMessage()));
      log.error("Published candidate ruleset refused, the candidate stays as it was: {}", problems);
      onRefused.accept(problems);
    }
  }
}
