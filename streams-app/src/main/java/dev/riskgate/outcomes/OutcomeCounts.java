package dev.riskgate.outcomes;

import dev.riskgate.labels.LabelVocabulary;
import dev.riskgate.labels.Outcomes;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.Outcome;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's figures: per ruleset version the original decisions and how many are labelled fraud and genuine; per
 * rule (and mode) its hits and their labels; the labelled fraud decided ALLOW by fraud type. Kept in a changelogged
 * store and mirrored in memory, where /metrics and the analyst API read them without touching the store.
 *
 * <p>Keys: {@code D\tversion}, {@code R\tversion\truleId\tMODE}, {@code A\tversion\tFRAUD_TYPE}; values: hits (or
 * decisions, or fraud allowed), labelled fraud, labelled genuine.
 */
final class OutcomeCounts {
  static final String DECISIONS = "D";
  static final String RULE = "R";
  static final String FRAUD_ALLOWED = "A";
  /** A reporter's fraud type is free text: kept to this length so a key stays small. */
  private static final int MAX_TYPE = 48;

  private final KeyValueStore<String, byte[]> store;
  private final Map<String, long[]> mirror = new ConcurrentHashMap<>();
  private final Consumer<String> onNewKey;

  /** {@code onNewKey}: told of each key the first time this task counts it (the meters register it). */
  OutcomeCounts(KeyValueStore<String, byte[]> store, Consumer<String> onNewKey) {
    this.store = store;
    this.onNewKey = onNewKey;
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(kv -> mirror.put(kv.key, decode(kv.value)));
    }
    mirror.keySet().forEach(onNewKey);
  }

  /** The figures, read-only; values are live arrays (a reader may see a count between two updates). */
  Map<String, long[]> view() {
    return java.util.Collections.unmodifiableMap(mirror);
  }

  /** An original decision, with the label already known for its transaction (null: none yet). */
  void decided(DecisionSummary decision, FraudLabel label) {
    add(key(DECISIONS, decision.version()), 0, 1);
    for (String rule : decision.fired()) {
      add(ruleKey(decision.version(), rule), 0, 1);
    }
    labelled(decision, label, 1);
  }

  /** Counts ({@code sign} 1) or uncounts (-1) {@code label} for one decision of its transaction. */
  void labelled(DecisionSummary decision, FraudLabel label, int sign) {
    if (label == null) {
      return;
    }
    boolean fraud = Outcomes.isFraud(label.getLabel());
    int column = fraud ? 1 : 2;
    add(key(DECISIONS, decision.version()), column, sign);
    for (String rule : decision.fired()) {
      add(ruleKey(decision.version(), rule), column, sign);
    }
    if (fraud && decision.outcome() == Outcome.ALLOW) {
      String type = LabelVocabulary.bucketOf(label);
      add(key(FRAUD_ALLOWED, decision.version(), type.length() > MAX_TYPE ? type.substring(0, MAX_TYPE) : type), 0,
          sign);
    }
  }

  private void add(String key, int column, int delta) {
    long[] counts = mirror.get(key);
    if (counts == null) {
      counts = new long[3];
      mirror.put(key, counts);
      onNewKey.accept(key);
    }
    counts[column] += delta;
    store.put(key, encode(counts));
  }

  private static String ruleKey(String version, String ruleAndMode) {
    int space = ruleAndMode.indexOf(' ');
    return key(RULE, version, ruleAndMode.substring(0, space), ruleAndMode.substring(space + 1));
  }

  static String key(String kind, String... parts) {
    return kind + "\t" + String.join("\t", parts);
  }

  private static byte[] encode(long[] counts) {
    return ByteBuffer.allocate(24).putLong(counts[0]).putLong(counts[1]).putLong(counts[2]).array();
  }

  private static long[] decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    return new long[] {in.getLong(), in.getLong(), in.getLong()};
  }
}
