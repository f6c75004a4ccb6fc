package dev.riskgate.topology;

import static dev.riskgate.screening.ScreeningNames.*;

import dev.riskgate.area.AreaProcessor;
import dev.riskgate.card.ScreeningProcessor;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.decision.CandidateProcessor;
import dev.riskgate.decision.DecisionMemory;
import dev.riskgate.merchant.MerchantProcessor;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.rulesets.RulesetUpdater;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.MerchantFeatures;
import dev.riskgate.screening.GlobalProgress;
import dev.riskgate.screening.HopRecord;
import dev.riskgate.screening.ProgressRecording;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.status.LateStatusWatch;
import dev.riskgate.status.StatusHistoryUpdater;
import dev.riskgate.stores.HashKeyValueStore;
import dev.riskgate.stores.WriteBehindKeyValueStore;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The screening topology, a pure function of configuration: no I/O here, so the runtime and the tests build the same
 * thing.
 *
 * <pre>
 *   transactions (bytes) ─> screen ─┬─> transactions-dead-letter
 *     card side: validate, statuses │
 *     in force, card features       └─> card-screened (repartition by merchant, + each card task's progress)
 *     (card-profile-store,                  │
 *      dedupe-store)                        merchant: event-time order, merchant features, rules ─┬─> decisions
 *                                           (alignment-, watermark-, merchant-profile-,            ├─> audit
 *                                            decision-memory-store)                                ├─> merchant-features
 *                                                                                                   └─> candidates ─> candidate-decisions
 *                                           candidate ruleset, if published (candidate-decision-memory-store)
 *   global stores: entity-status (each entity's history of changes), risk-rules (the ruleset in force)
 * </pre>
 *
 * <p>Every transaction is decided on the merchant side, once every card task has passed its event time, with the
 * merchant's profile holding every earlier transaction of the merchant: so a decision is a function of the history,
 * whether the traffic comes live, replayed at full speed, or offline. Statuses are looked up at the transaction's
 * event time on the card side, from global in-memory stores fed straight from their topics.
 */
public final class ScreeningTopology {
  static final String RULESET_SOURCE = "risk-rules-source";
  static final String STATUS_SOURCE = "entity-status-source";

  private ScreeningTopology() {}

  /** The topology with the default ruleset shipped in the jar in force until one is published. */
  public static Topology build(RiskgateConfig config, Topics topics) {
    return build(config, topics, Rulesets.defaultRuleset());
  }

  /** {@code ruleset} is in force until a valid one is published to risk-rules. */
  public static Topology build(RiskgateConfig config, Topics topics, Ruleset ruleset) {
    return build(config, topics, ruleset, ScreeningRecorder.NONE);
  }

  /** As {@link #build(RiskgateConfig, Topics, Ruleset)}, reporting decisions and dead letters to {@code recorder}. */
  public static Topology build(RiskgateConfig config, Topics topics, Ruleset ruleset, ScreeningRecorder recorder) {
    return build(config, topics, ruleset, recorder, new GlobalProgress());
  }

  /** As above, reporting how far the global stores have applied their topics to {@code progress}. */
  public static Topology build(RiskgateConfig config, Topics topics, Ruleset ruleset, ScreeningRecorder recorder,
      GlobalProgress progress) {
    Duration window = config.dedupeWindow();
    int partitions = config.topicPartitions();
    LateStatusWatch lateStatuses = new LateStatusWatch();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        // one record per card, rewritten by every transaction of the card: a cache would only delay the write
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CARD_PROFILE_STORE), Serdes.String(),
                Serdes.ByteArray())
            .withCachingDisabled());
    builder.addStateStore(windowStore(DEDUPE_STORE, window));
    builder.addStateStore(windowStore(DECISION_STORE, window));
    builder.addStateStore(windowStore(CANDIDATE_DECISION_STORE, window));
    builder.addStateStore(windowStore(AREA_DECISION_STORE, window));
    builder.addStateStore(windowStore(AREA_CANDIDATE_DECISION_STORE, window));
    builder.addStateStore(
        // an area's profile is rewritten by each of its tiny payments: the cache writes it once per area and commit
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AREA_PROFILE_STORE), Serdes.String(),
                Serdes.ByteArray())
            .withCachingEnabled());
    builder.addStateStore(WriteBehindKeyValueStore.builder(AREA_ALIGNMENT_STORE));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AREA_WATERMARK_STORE),
        Serdes.Integer(), Serdes.Long()).withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MERCHANT_PROFILE_STORE), Serdes.String(),
                Serdes.ByteArray())
            // a busy merchant is rewritten several times per commit: the cache writes RocksDB and the changelog once
            // per merchant and commit, and hands back the array it holds, which the decoded-profile cache recognises
            .withCachingEnabled());
    // in memory, changelogged when a commit is prepared: transactions wait here only until every card task has
    // passed them, and one put and released between two commits is never written
    builder.addStateStore(WriteBehindKeyValueStore.builder(ALIGNMENT_STORE));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(WATERMARK_STORE), Serdes.Integer(), Serdes.Long())
            .withCachingEnabled());
    builder.addGlobalStore(
        // in memory: three look-ups per transaction, nearly all misses; each entity's history of changes is rebuilt
        // on start by reprocessing the topic, which keeps every version for the history's horizon
        Stores.keyValueStoreBuilder(HashKeyValueStore.globalSupplier(STATUS_STORE), Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled(),
        topics.entityStatus().name(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(STATUS_SOURCE),
        () -> new ProgressRecording<>(statusUpdater(config, topics, lateStatuses, recorder), progress));
    builder.addGlobalStore(
        // in memory: the ruleset in force (and the last refused one), read on every transaction
        Stores.keyValueStoreBuilder(HashKeyValueStore.globalSupplier(RULESET_STORE), Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled(),
        topics.riskRules().name(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(RULESET_SOURCE),
        () -> new ProgressRecording<>(new RulesetUpdater(RULESET_STORE, topics.riskRules().name(),
            topics.riskRules().valueSerde().deserializer(), problems -> recorder.rulesetRefused()), progress));

    KStream<Object, Object> screened = builder
        .stream(topics.transactions().name(),
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(TRANSACTIONS_SOURCE))
        .process(() -> new ScreeningProcessor(config, topics, recorder, lateStatuses, ruleset), Named.as(SCREEN),
            CARD_SIDE_STORES);
    screened.filter((key, value) -> value instanceof DeadLetter, Named.as("dead-letters"))
        .to(topics.deadLetters().name(), Produced.with(untyped(Serdes.ByteArray()),
            untyped(topics.deadLetters().valueSerde())).withName(DEAD_LETTER_SINK));
    HopRecord.Serde hop = new HopRecord.Serde();
    KStream<String, byte[]> toMerchants = screened
        .filter((key, value) -> value instanceof HopRecord, Named.as("to-merchants"))
        .map((key, value) -> org.apache.kafka.streams.KeyValue.pair((String) key,
            hop.serialize(null, (HopRecord) value)), Named.as("hop-encode"));
    KStream<Object, Object> decided = toMerchants
        .repartition(Repartitioned.<String, byte[]>as(HOP).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(partitions)
            .withStreamPartitioner(new WatermarksToEveryPartition()))
        .process(() -> new MerchantProcessor(config, topics, ruleset, recorder, partitions), Named.as(MERCHANT),
            MERCHANT_SIDE_STORES);
    toDecisionsAndAudit(decided, topics, "");
    decided.filter((key, value) -> value == null || value instanceof MerchantFeatures, Named.as("merchant-features"))
        .to(topics.merchantFeatures().name(), Produced.with(untyped(Serdes.String()),
            untyped(topics.merchantFeatures().valueSerde())).withName(MERCHANT_FEATURES_SINK));
    // the merchant side forwards to this node by name, only while a candidate is published
    candidates(decided, config, topics, "", CANDIDATES, CANDIDATE_STORES);
    // tiny payments, and every merchant task's progress, to the area side: the merchant side forwards to this node by
    // name
    KStream<Object, Object> areaDecided = decided
        .filter((key, value) -> value instanceof HopRecord, Named.as(TO_AREAS))
        .map((key, value) -> org.apache.kafka.streams.KeyValue.pair((String) key,
            hop.serialize(null, (HopRecord) value)), Named.as("area-hop-encode"))
        .repartition(Repartitioned.<String, byte[]>as(AREA_HOP).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(partitions)
            .withStreamPartitioner(new WatermarksToEveryPartition()))
        .process(() -> new AreaProcessor(config, topics, ruleset, recorder, partitions), Named.as(AREA),
            AREA_SIDE_STORES);
    toDecisionsAndAudit(areaDecided, topics, "area-");
    candidates(areaDecided, config, topics, "area-", AREA_CANDIDATES, AREA_CANDIDATE_STORES);
    return builder.build();
  }

  /**
   * A deciding side's decisions and audit events to their topics; its nodes named with {@code prefix} ("" for the
   * merchant side, "area-" for the area side), which state and pinned names depend on.
   */
  private static void toDecisionsAndAudit(KStream<Object, Object> decided, Topics topics, String prefix) {
    decided.filter((key, value) -> value instanceof Decision, Named.as(prefix + "decisions"))
        .to(topics.decisions().name(), Produced.with(untyped(Serdes.String()),
            untyped(topics.decisions().valueSerde())).withName(prefix + DECISIONS_SINK));
    decided.filter((key, value) -> value instanceof AuditEvent, Named.as(prefix + "audit-events"))
        .to(topics.audit().name(), Produced.with(untyped(Serdes.String()),
            untyped(topics.audit().valueSerde())).withName(prefix + AUDIT_SINK));
  }

  /** A deciding side's candidates node ({@code stores}: its decision memory) and their decisions' sink. */
  private static void candidates(KStream<Object, Object> decided, RiskgateConfig config, Topics topics,
      String prefix, String node, String[] stores) {
    decided.process(() -> CandidateProcessor.published(config, topics, stores[0]), Named.as(node), stores)
        .filter((key, value) -> value instanceof Decision, Named.as(prefix + "candidate-decisions"))
        .to(topics.candidateDecisions().name(), Produced.with(untyped(Serdes.String()),
            untyped(topics.candidateDecisions().valueSerde())).withName(prefix + CANDIDATE_DECISIONS_SINK));
  }

  /*
   * The nodes of the topology with the stores each one uses. The offline runner (OfflineScreening) makes the same
   * processors over the same store names, as hash maps, and hands records between them as objects.
   */
  static final String[] CARD_SIDE_STORES = {CARD_PROFILE_STORE, DEDUPE_STORE};
  static final String[] MERCHANT_SIDE_STORES = {MERCHANT_PROFILE_STORE, DECISION_STORE, ALIGNMENT_STORE,
      WATERMARK_STORE};
  static final String[] CANDIDATE_STORES = {CANDIDATE_DECISION_STORE};
  static final String[] AREA_SIDE_STORES = {AREA_PROFILE_STORE, AREA_DECISION_STORE, AREA_ALIGNMENT_STORE,
      AREA_WATERMARK_STORE};
  static final String[] AREA_CANDIDATE_STORES = {AREA_CANDIDATE_DECISION_STORE};
  /** The window stores among them (a transaction's memory by id); the rest are key-value stores. */
  static final Set<String> WINDOW_STORES = Set.of(DEDUPE_STORE, DECISION_STORE, CANDIDATE_DECISION_STORE,
      AREA_DECISION_STORE, AREA_CANDIDATE_DECISION_STORE);

  private static org.apache.kafka.streams.state.StoreBuilder<?> windowStore(String name, Duration window) {
    return Stores.windowStoreBuilder(
            Stores.persistentWindowStore(name, Duration.ofMillis(DecisionMemory.retentionMs(window.toMillis())),
                window, false),
            Serdes.String(), Serdes.ByteArray())
        // every key is new: a cache only adds a copy and a flush per record
        .withCachingDisabled();
  }

  /** Keeps each entity's status history for as long as transactions that old are accepted. */
  static StatusHistoryUpdater statusUpdater(RiskgateConfig config, Topics topics, LateStatusWatch lateStatuses,
      ScreeningRecorder recorder) {
    return new StatusHistoryUpdater(STATUS_STORE, topics.entityStatus().name(),
        topics.entityStatus().valueSerde().deserializer(), config.maxEventAge().toMillis(), lateStatuses,
        recorder::lateStatusChange);
  }

  /**
   * A transaction goes to its key's partition (its merchant's, or its area's); an upstream task's progress goes to
   * every partition.
   */
  private static final class WatermarksToEveryPartition implements StreamPartitioner<String, byte[]> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, byte[] value, int numPartitions) {
      if (HopRecord.isWatermark(value)) {
        return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
      }
      return Optional.empty(); // the default: by the key's hash, the merchant's partition
    }
  }

  /** Each sink writes one value type of the several a processor forwards. */
  @SuppressWarnings("unchecked")
  private static <T> Serde<Object> untyped(Serde<T> serde) {
    return (Serde<Object>) serde;
  }
}
