package dev.riskgate.topics;

import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.RulesetDocument;
import dev.riskgate.schema.MerchantFeatures;
import dev.riskgate.schema.Transaction;
import dev.riskgate.serde.SpecificAvroSerde;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one place topic names live. Every topic riskgate reads or writes, with an optional environment prefix
 * ({@code staging.transactions}) and the serdes for its keys and values.
 */
public final class Topics {
  // replays carry old event times as record timestamps: time-based retention would delete them within minutes
  private static final Map<String, String> KEEP_REPLAYED = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
  private static final Map<String, String> COMPACTED =
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
  /**
   * Every publication kept (a few a day at most): on start an instance reprocesses them all and puts the last valid
   * one in force, which compaction down to the last publication (perhaps a refused one) would make impossible.
   */
  public static final String KEEP_EVERY_RULESET = Long.toString(Long.MAX_VALUE);

  private final Topic<String, Transaction> transactions;
  private final Topic<String, EntityStatus> entityStatus;
  private final Topic<String, Decision> decisions;
  private final Topic<String, Decision> candidateDecisions;
  private final Topic<String, AuditEvent> audit;
  private final Topic<byte[], DeadLetter> deadLetters;
  private final Topic<String, RulesetDocument> riskRules;
  private final Topic<String, MerchantFeatures> merchantFeatures;
  private final Topic<String, FraudLabel> fraudLabels;
  private final Topic<byte[], DeadLetter> fraudLabelDeadLetters;
  private final SchemaRegistryClient registry;

  public Topics(String prefix, SchemaRegistryClient registry) {
    this.registry = registry;
    String p = prefix == null ? "" : prefix;
    transactions = new Topic<>(p + "transactions", Serdes.String(),
        SpecificAvroSerde.forValues(registry, Transaction.class), KEEP_REPLAYED);
    entityStatus = new Topic<>(p + "entity-status", Serdes.String(),
        SpecificAvroSerde.forValues(registry, EntityStatus.class), COMPACTED);
    decisions = new Topic<>(p + "decisions", Serdes.String(),
        SpecificAvroSerde.forValues(registry, Decision.class), KEEP_REPLAYED);
    // what the candidate ruleset decided, beside the ruleset in force: for comparison, never sent downstream
    candidateDecisions = new Topic<>(p + "candidate-decisions", Serdes.String(),
        SpecificAvroSerde.forValues(registry, Decision.class), KEEP_REPLAYED);
    audit = new Topic<>(p + "audit", Serdes.String(),
        SpecificAvroSerde.forValues(registry, AuditEvent.class), KEEP_REPLAYED);
    deadLetters = new Topic<>(p + "transactions-dead-letter", Serdes.ByteArray(),
        SpecificAvroSerde.forValues(registry, DeadLetter.class), KEEP_REPLAYED);
    riskRules = new Topic<>(p + "risk-rules", Serdes.String(),
        SpecificAvroSerde.forValues(registry, RulesetDocument.class), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, KEEP_EVERY_RULESET));
    // one partition: every exactly-once transaction writes to each partition of it that its merchants hash to, and
    // every partition costs a batch and a commit marker per transaction; published for analysts at most once a
    // minute per merchant, so one partition is never the limit
    merchantFeatures = new Topic<>(p + "merchant-features", Serdes.String(),
        SpecificAvroSerde.forValues(registry, MerchantFeatures.class), COMPACTED, OptionalInt.of(1));
    // outcomes reported after the decision, keyed by card token like the transactions (so a label and its
    // decision's audit event meet in one task); every label kept: a conflicting one replaces
    // the earlier in the figures, and both stay as the trail of who said what when
    fraudLabels = new Topic<>(p + "fraud-labels", Serdes.String(),
        SpecificAvroSerde.forValues(registry, FraudLabel.class), KEEP_REPLAYED);
    // labels on the topic that cannot be read or used (another producer's), with the reason
    fraudLabelDeadLetters = new Topic<>(p + "fraud-labels-dead-letter", Serdes.ByteArray(),
        SpecificAvroSerde.forValues(registry, DeadLetter.class), KEEP_REPLAYED);
  }

  /** The registry the topics' serdes ask for schemas (a reader of its own, such as a projection, asks it too). */
  public SchemaRegistryClient registry() {
    return registry;
  }

  public Topic<byte[], DeadLetter> fraudLabelDeadLetters() {
    return fraudLabelDeadLetters;
  }

  public Topic<String, FraudLabel> fraudLabels() {
    return fraudLabels;
  }

  public Topic<String, MerchantFeatures> merchantFeatures() {
    return merchantFeatures;
  }

  public Topic<String, RulesetDocument> riskRules() {
    return riskRules;
  }

  public Topic<String, Transaction> transactions() {
    return transactions;
  }

  public Topic<String, EntityStatus> entityStatus() {
    return entityStatus;
  }

  public Topic<String, Decision> decisions() {
    return decisions;
  }

  public Topic<String, Decision> candidateDecisions() {
    return candidateDecisions;
  }

  public Topic<String, AuditEvent> audit() {
    return audit;
  }

  public Topic<byte[], DeadLetter> deadLetters() {
    return deadLetters;
  }

  /** Every topic riskgate needs before it starts. */
  public List<Topic<?, ?>> all() {
    return List.of(transactions, entityStatus, decisions, candidateDecisions, audit, deadLetters, riskRules,
        merchantFeatures, fraudLabels, fraudLabelDeadLetters);
  }
}
