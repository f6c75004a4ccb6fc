package dev.riskgate.screening;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.status.LateStatusWatch;
import dev.riskgate.status.StatusHistoryUpdater;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The screening topology, a pure function of configuration: no I/O here, so the runtime and the tests build the same
 * thing.
 *
 * <pre>
 *   transactions (bytes) ─> screen ─┬─> decisions
 *     (card-profile-store,          ├─> audit
 *      dedupe-store)                ├─> transactions-dead-letter
 *                                   └─> merchant-activity ─> merchant (merchant-profile-store) ─> merchant-features
 *   global stores read by screen: entity-status (each entity's history of changes), risk-rules, merchant-features
 * </pre>
 *
 * <p>Each transaction makes the broker write up to six records: decision, audit event, the card-profile and dedupe
 * changelogs, the merchant-activity hop and the merchant-profile changelog (once per merchant and commit: cached).
 * Merchant features come back at most once a minute per merchant. Statuses, rulesets and merchant features live in
 * global in-memory stores fed straight from their compacted topics, which are their own changelogs, so look-ups by
 * account or merchant need no repartition. A transaction gets the status in force at its event time, whenever the
 * change arrived.
 */
public final class ScreeningTopology {
  public static final String TRANSACTIONS_SOURCE = "transactions-source";
  public static final String SCREEN = "screen";
  public static final String DECISIONS_SINK = "decisions-sink";
  public static final String AUDIT_SINK = "audit-sink";
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";
  public static final String DEDUPE_STORE = "dedupe-store";
  public static final String STATUS_STORE = "entity-status-store";
  public static final String CARD_PROFILE_STORE = "card-profile-store";
  public static final String RULESET_STORE = "risk-rules-store";
  public static final String MERCHANT_PROFILE_STORE = "merchant-profile-store";
  public static final String MERCHANT_FEATURES_STORE = "merchant-features-store";
  public static final String MERCHANT_ACTIVITY_SINK = "merchant-activity-sink";
  static final String MERCHANT_ACTIVITY_SOURCE = "merchant-activity-source";
  static final String MERCHANT = "merchant";
  static final String MERCHANT_FEATURES_SINK = "merchant-features-sink";
  static final String MERCHANT_FEATURES_SOURCE = "merchant-features-source";
  static final String MERCHANT_FEATURES_UPDATER = "merchant-features-updater";
  static final String RULESET_SOURCE = "risk-rules-source";
  static final String RULESET_UPDATER = "risk-rules-updater";
  static final String STATUS_SOURCE = "entity-status-source";
  static final String STATUS_UPDATER = "entity-status-updater";

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
    LateStatusWatch lateStatuses = new LateStatusWatch();
    Topology topology = new Topology();
    topology.addSource(TRANSACTIONS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
        topics.transactions().name());
    topology.addProcessor(SCREEN, () -> new ScreeningProcessor(config, topics, ruleset, recorder, lateStatuses),
        TRANSACTIONS_SOURCE);
    topology.addStateStore(
        // one record per card, rewritten by every transaction of the card: a cache would only delay the write
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CARD_PROFILE_STORE), Serdes.String(),
                Serdes.ByteArray())
            .withCachingDisabled(),
        SCREEN);
    topology.addStateStore(
        Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUPE_STORE,
                    Duration.ofMillis(DecisionMemory.retentionMs(window.toMillis())), window, false),
                Serdes.String(), Serdes.ByteArray())
            // every key is new: a cache only adds a copy and a flush per record
            .withCachingDisabled(),
        SCREEN);
    topology.addGlobalStore(
        // in memory: three look-ups per transaction, nearly all misses; each entity's history of changes is rebuilt
        // on start by reprocessing the topic, which keeps every version for the history's horizon
        Stores.keyValueStoreBuilder(HashKeyValueStore.globalSupplier(STATUS_STORE), Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled(),
        STATUS_SOURCE,
        Serdes.String().deserializer(),
        new ByteArrayDeserializer(),
        topics.entityStatus().name(),
        STATUS_UPDATER,
        () -> new ProgressRecording<>(statusUpdater(config, topics, lateStatuses, recorder), progress));
    topology.addGlobalStore(
        // in memory: one small document, read on every transaction
        Stores.keyValueStoreBuilder(HashKeyValueStore.globalSupplier(RULESET_STORE), Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled(),
        RULESET_SOURCE,
        Serdes.String().deserializer(),
        new ByteArrayDeserializer(),
        topics.riskRules().name(),
        RULESET_UPDATER,
        () -> new ProgressRecording<>(new RulesetUpdater(RULESET_STORE, topics.riskRules().name(),
            topics.riskRules().valueSerde().deserializer(), problems -> recorder.rulesetRefused()), progress));
    // merchant side: screened transactions re-keyed by merchant feed merchant features back to the card side
    topology.addSink(MERCHANT_ACTIVITY_SINK, topics.merchantActivity().name(), Serdes.String().serializer(),
        untyped(Serdes.ByteArray().serializer()), SCREEN);
    topology.addSource(MERCHANT_ACTIVITY_SOURCE, Serdes.String().deserializer(), new ByteArrayDeserializer(),
        topics.merchantActivity().name());
    topology.addProcessor(MERCHANT, () -> new MerchantProcessor(config.profileIdleTtl()), MERCHANT_ACTIVITY_SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MERCHANT_PROFILE_STORE), Serdes.String(),
                Serdes.ByteArray())
            // a busy merchant is rewritten several times per commit: the cache writes RocksDB and the changelog once
            // per merchant and commit (0.99 -> 0.28 changelog records per transaction in the benchmark) and hands
            // back the array it holds, which the decoded-profile cache recognises without comparing bytes
            .withCachingEnabled(),
        MERCHANT);
    topology.addSink(MERCHANT_FEATURES_SINK, topics.merchantFeatures().name(), Serdes.String().serializer(),
        topics.merchantFeatures().valueSerde().serializer(), MERCHANT);
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(HashKeyValueStore.globalSupplier(MERCHANT_FEATURES_STORE), Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled(),
        MERCHANT_FEATURES_SOURCE,
        Serdes.String().deserializer(),
        new ByteArrayDeserializer(),
        topics.merchantFeatures().name(),
        MERCHANT_FEATURES_UPDATER,
        () -> new ProgressRecording<>(new RawCopyUpdater(MERCHANT_FEATURES_STORE), progress));
    topology.addSink(DECISIONS_SINK, topics.decisions().name(), Serdes.String().serializer(),
        untyped(topics.decisions().valueSerde().serializer()), SCREEN);
    topology.addSink(AUDIT_SINK, topics.audit().name(), Serdes.String().serializer(),
        untyped(topics.audit().valueSerde().serializer()), SCREEN);
    topology.addSink(DEAD_LETTER_SINK, topics.deadLetters().name(), Serdes.ByteArray().serializer(),
        untyped(topics.deadLetters().valueSerde().serializer()), SCREEN);
    return topology;
  }

  /** Keeps each entity's status history for as long as transactions that old are accepted. */
  static StatusHistoryUpdater statusUpdater(RiskgateConfig config, Topics topics, LateStatusWatch lateStatuses,
      ScreeningRecorder recorder) {
    return new StatusHistoryUpdater(STATUS_STORE, topics.entityStatus().name(),
        topics.entityStatus().valueSerde().deserializer(), config.maxEventAge().toMillis(), lateStatuses,
        recorder::lateStatusChange);
  }

  /** The screen processor forwards three value types to three sinks; each sink knows its own. */
  @SuppressWarnings("unchecked")
  private static <T> Serializer<Object> untyped(Serializer<T> serializer) {
    return (Serializer<Object>) serializer;
  }
}
