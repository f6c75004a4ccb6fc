package dev.riskgate.rules;

import dev.riskgate.schema.RulesetDocument;
import dev.riskgate.validation.PanDetector;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ruleset in force for one processor: the last one published to risk-rules, read from the global store on every
 * transaction (an in-memory look-up; parsing happens only when the published bytes change). A published ruleset
 * that does not parse is refused and the previous one stays in force; with none ever valid, the shipped default.
 */
public final class ActiveRuleset {
  public static final String KEY = "active";
  private static final Logger log = LoggerFactory.getLogger(ActiveRuleset.class);

  private final ReadOnlyKeyValueStore<String, byte[]> store;
  private final Deserializer<RulesetDocument> deserializer;
  private final String topic;
  private Ruleset current;
  private byte[] currentBytes;

  public ActiveRuleset(ReadOnlyKeyValueStore<String, byte[]> store, Deserializer<RulesetDocument> deserializer,
      String topic, Ruleset fallback) {
    this.store = store;
    this.deserializer = deserializer;
    this.topic = topic;
    this.current = fallback;
  }

  public Ruleset get() {
    byte[] published = store.get(KEY);
    if (published == null || published == currentBytes || Arrays.equals(published, currentBytes)) {
      return current;
    }
    currentBytes = published;
    try {
      RulesetDocument document = deserializer.deserialize(topic, published);
      if (PanDetector.containsPan(document.getPublishedBy())) {
        throw new RulesetException(List.of("publishedBy carries a card number ("
            + PanDetector.mask(document.getPublishedBy()) + ")"));
      }
      Ruleset next = RulesetParser.parse(document.getDocument());
      log.info("Ruleset {} in force (published {} by {}), replacing {}", next.version(), document.getPublishedAt(),
          document.getPublishedBy(), current.version());
      current = next;
    } catch (RuntimeException e) {
      log.error("Published ruleset refused, {} stays in force: {}", current.version(), PanDetector.mask(e.getMessage()));
    }
    return current;
  }
}
