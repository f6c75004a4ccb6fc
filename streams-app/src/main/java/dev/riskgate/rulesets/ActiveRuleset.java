package dev.riskgate.rulesets;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.RulesetException;
import dev.riskgate.rules.RulesetParser;
import dev.riskgate.schema.RulesetDocument;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ruleset in force, read from the global ruleset store on every transaction (an in-memory look-up; parsing
 * happens only when the stored bytes change). The store holds, for the whole instance, the last valid ruleset
 * published to risk-rules (published documents are checked when they arrive, see {@link #check}); with none ever
 * published, the shipped default is in force.
 */
public final class ActiveRuleset {
  /** The store's key of the ruleset in force, and the key riskgate publishes under. */
  public static final String KEY = "active";
  /** The store's key of the last publication refused after the one in force, if any. */
  public static final String REFUSED_KEY = "refused";
  /**
   * The key of the candidate ruleset, published beside the one in force: it decides every transaction too, and its
   * decisions go to candidate-decisions only, never downstream; a tombstone under this key withdraws it.
   */
  public static final String CANDIDATE_KEY = "candidate";
  private static final Logger log = LoggerFactory.getLogger(ActiveRuleset.class);

  private final ReadOnlyKeyValueStore<String, byte[]> store;
  private final Deserializer<RulesetDocument> deserializer;
  private final String topic;
  private final Ruleset fallback;
  private final String key;
  private Ruleset current;
  private byte[] currentBytes;

  public ActiveRuleset(ReadOnlyKeyValueStore<String, byte[]> store, Deserializer<RulesetDocument> deserializer,
      String topic, Ruleset fallback) {
    this(store, deserializer, topic, fallback, KEY);
  }

  /** The candidate ruleset in the store: {@link #get} is null while none is published. */
  public static ActiveRuleset candidate(ReadOnlyKeyValueStore<String, byte[]> store,
      Deserializer<RulesetDocument> deserializer, String topic) {
    return new ActiveRuleset(store, deserializer, topic, null, CANDIDATE_KEY);
  }

  private ActiveRuleset(ReadOnlyKeyValueStore<String, byte[]> store, Deserializer<RulesetDocument> deserializer,
      String topic, Ruleset fallback, String key) {
    this.key = key;
    this.store = store;
    this.deserializer = deserializer;
    this.topic = topic;
    this.fallback = fallback;
    this.current = fallback;
  }

  /** Parses a published document as the app would put it in force; throws {@link RulesetException} if refused. */
  public static Ruleset check(RulesetDocument document) {
    if (PanDetector.containsPan(document.getPublishedBy())) {
      throw new RulesetException(List.of("publishedBy carries a card number ("
          + PanDetector.mask(document.getPublishedBy()) + ")"));
    }
    return RulesetParser.parse(document.getDocument());
  }

  public Ruleset get() {
    byte[] published = store.get(key);
    if (published == null) {
      currentBytes = null;
      current = fallback;
      return current;
    }
    if (published == currentBytes || Arrays.equals(published, currentBytes)) {
      return current;
    }
    currentBytes = published;
    try {
      current = check(deserializer.deserialize(topic, published));
    } catch (RuntimeException e) {
      // checked when it arrived, so only a registry that forgot its schema gets here: keep the one in force
      log.error("Ruleset under {} cannot be read again, {} stays: {}", key,
          current == null ? "none" : current.version(), PanDetector.mask(e.getMessage()));
    }
    return current;
  }
}
