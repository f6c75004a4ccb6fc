package dev.riskgate.topology;

import dev.riskgate.area.AreaProcessor;
import dev.riskgate.card.ScreeningProcessor;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.decision.CandidateProcessor;
import dev.riskgate.decision.DecisionInputs;
import dev.riskgate.decision.DecisionMemory;
import dev.riskgate.decision.FiredRules;
import dev.riskgate.merchant.MerchantProcessor;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.HopRecord;
import dev.riskgate.screening.ScreeningNames;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.status.LateStatusWatch;
import dev.riskgate.stores.HashKeyValueStore;
import dev.riskgate.stores.HashWindowStore;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The screening topology's processors run offline, one record at a time, for backtests and detection reports: the
 * same {@link ScreeningProcessor}, {@link MerchantProcessor}, {@link CandidateProcessor} and global-store updaters as
 * the live app, over the stores {@link ScreeningTopology} gives each node, wired as it wires them, but without a
 * broker, a TopologyTestDriver, RocksDB or output serialisation. The rulesets after the first are candidates, as
 * a candidate ruleset published live decides beside the one in force.
 * The caller screens in event-time order, transactions of the same millisecond by transactionId: the order in which
 * the merchant side releases them live, so no alignment is needed here.
 *
 * <p>Why not TopologyTestDriver: it runs RocksDB stores and commits after every record, and serialises every output
 * only for the caller to decode it again. Profiled on the detection report (JFR), it screened under 4,000
 * transactions/s with over a third of the samples in RocksDB native calls and a fifth in Avro encoding and decoding
 * of outputs. Here records flow between processors as objects. The stores are hash maps ({@link HashKeyValueStore}, {@link HashWindowStore}): the processors only look up by key. The
 * input is the Avro wire bytes, decoded by the processor as in production, or for history files the transaction
 * object itself (the round trip changes nothing once the event time is whole milliseconds).
 *
 * <p>The wall clock is the transaction's event time: decisions are stamped with it and validation measures event
 * times against it, so the same input gives the same output on any day.
 */
public final class OfflineScreening implements AutoCloseable {

  /** What one transaction produced: a decision with its audit event and the rules that fired, or a dead letter. */
  public record Screened(Decision decision, AuditEvent audit, DeadLetter deadLetter, FiredRules fired) {}

  private final String transactionsTopic;
  private final MockProcessorContext<Object, Object> screenContext = context();
  private final MockProcessorContext<Object, Object> merchantContext = context();
  private final MockProcessorContext<Object, Object> areaContext = context();
  private final MockProcessorContext<Object, Object> candidateContext = context();
  private final ScreeningProcessor screen;
  private final MerchantProcessor merchant;
  private final AreaProcessor area;
  /** The rulesets after the first; null with one ruleset. */
  private final CandidateProcessor candidates;
  private final int rulesetCount;
  private final Processor<String, byte[], Void, Void> statusUpdater;
  private final Serializer<Transaction> transactionBytes;
  private long offset;

  public OfflineScreening(RiskgateConfig config, Topics topics, Ruleset ruleset) {
    this(config, topics, List.of(ruleset));
  }

  /**
   * Several rulesets side by side: the features (card profile, merchant side, statuses) are computed once per
   * transaction, exactly as one ruleset alone would have them (no decision feeds back into them), and each ruleset
   * decides and remembers its decisions for retries on its own.
   */
  public OfflineScreening(RiskgateConfig config, Topics topics, List<Ruleset> rulesets) {
    this(config, topics, rulesets, MerchantProcessor.OFFLINE_HELD);
  }

  /** {@code heldMerchants}: merchant profiles held decoded, the rest written behind (a test evicts all the time). */
  OfflineScreening(RiskgateConfig config, Topics topics, List<Ruleset> rulesets, int heldMerchants) {
    if (rulesets.isEmpty()) {
      throw new IllegalArgumentException("no ruleset to screen with");
    }
    this.rulesetCount = rulesets.size();
    this.transactionsTopic = topics.transactions().name();
    this.transactionBytes = topics.transactions().valueSerde().serializer();
    this.merchant = MerchantProcessor.offline(config, topics, rulesets.get(0), rulesetCount > 1, heldMerchants);
    long retentionMs = DecisionMemory.retentionMs(config.dedupeWindow().toMillis());
    addStores(screenContext, retentionMs, ScreeningTopology.CARD_SIDE_STORES);
    addStores(merchantContext, retentionMs, ScreeningTopology.MERCHANT_SIDE_STORES);
    addStores(merchantContext, retentionMs, ScreeningNames.RULESET_STORE);
    addStores(areaContext, retentionMs, ScreeningTopology.AREA_SIDE_STORES);
    addStores(areaContext, retentionMs, ScreeningNames.RULESET_STORE);
    this.area = AreaProcessor.offline(config, topics, rulesets.get(0), rulesetCount > 1);
    addStores(screenContext, retentionMs, ScreeningNames.RULESET_STORE);
    KeyValueStore<String, byte[]> statuses = HashKeyValueStore.offline(ScreeningNames.STATUS_STORE);
    statuses.init(screenContext.getStateStoreContext(), statuses);
    screenContext.addStateStore(statuses);
    if (rulesetCount > 1) {
      addStores(candidateContext, retentionMs, ScreeningTopology.CANDIDATE_STORES);
      candidates = CandidateProcessor.given(config, topics, rulesets.subList(1, rulesetCount));
      candidates.init(candidateContext);
    } else {
      candidates = null;
    }
    LateStatusWatch lateStatuses = new LateStatusWatch();
    screen = new ScreeningProcessor(config, topics, ScreeningRecorder.NONE, lateStatuses, rulesets.get(0));
    screenContext.setCurrentSystemTimeMs(0); // each record sets it to its event time; punctuations never run here
    screen.init(screenContext);
    merchant.init(merchantContext);
    area.init(areaContext);
    statusUpdater = updater(ScreeningTopology.statusUpdater(config, topics, lateStatuses, ScreeningRecorder.NONE),
        statuses);
  }

  /**
   * The node's stores as hash maps: window stores for a transaction's memory by id, key-value stores else (the card
   * profiles updated in place: nothing else reads them).
   */
  private static void addStores(MockProcessorContext<Object, Object> context, long retentionMs, String... names) {
    for (String name : names) {
      StateStore store = ScreeningTopology.WINDOW_STORES.contains(name) ? new HashWindowStore(name, retentionMs)
          : name.equals(ScreeningNames.CARD_PROFILE_STORE) ? HashKeyValueStore.offlineInPlace(name)
          : HashKeyValueStore.offline(name);
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
  }

  /** No exception handler is ever called offline; setting the flag only keeps StreamsConfig from warning about it. */
  private static <K, V> MockProcessorContext<K, V> context() {
    Properties props = new Properties();
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return new MockProcessorContext<>(props);
  }

  private static Processor<String, byte[], Void, Void> updater(Processor<String, byte[], Void, Void> updater,
      KeyValueStore<String, byte[]> store) {
    MockProcessorContext<Void, Void> context = context();
    context.addStateStore(store);
    updater.init(context);
    return updater;
  }

  /** A record of the entity-status topic: {@code <TYPE>:<id>} and the Avro wire bytes, null to lift a status. */
  public void applyStatus(String key, byte[] value, long timestamp) {
    statusUpdater.process(new Record<>(key, value, timestamp));
  }

  /** Screens one record of the transactions topic: key (card token) and value as the Avro wire bytes. */
  public Screened screen(String key, byte[] value, long timestamp) {
    return screenAll(key, value, timestamp)[0];
  }

  /** As {@link #screen}, what each ruleset decided, in the order the rulesets were given. */
  public Screened[] screenAll(String key, byte[] value, long timestamp) {
    screen.process(nextRecord(key, value, timestamp));
    return decideOthers(outcomes());
  }

  /**
   * As {@link #screenAll(String, byte[], long)} for a transaction that is an object already (a history file's row):
   * validated and screened as if decoded, without the Avro round trip. Its event time must be whole milliseconds,
   * as the wire format keeps it; the wire bytes are made only for a dead letter.
   */
  public Screened[] screenAll(String key, Transaction transaction, long timestamp) {
    return screenAll(validate(key, transaction, timestamp), timestamp);
  }

  /** A transaction object with what validation found, null when it can be screened. */
  public record Validated(String key, Transaction transaction, Rejection rejection) {}

  /**
   * Validates a transaction object as {@link #screenAll(String, Transaction, long)} would, judging event times by
   * {@code timestamp}. Safe to call on another thread while this screening runs: a backtest's reading thread
   * validates, the screening thread only screens.
   */
  public Validated validate(String key, Transaction transaction, long timestamp) {
    return new Validated(key, transaction, screen.validateDecoded(key, transaction, timestamp));
  }

  /** What a status change is refused for (a card number in its text), null if nothing. */
  public Rejection validateStatus(EntityStatus status) {
    return screen.validateStatus(status);
  }

  /** Screens a transaction validated by {@link #validate} with the same {@code timestamp}. */
  public Screened[] screenAll(Validated validated, long timestamp) {
    return decideOthers(screenFirst(validated, timestamp));
  }

  /**
   * What the first ruleset decided for one record, and what the others need to decide it: a backtest hands that to
   * {@link #decideOthers} on another thread, so the screening thread goes on with the next records.
   */
  public static final class FirstScreened {
    private final Screened first;
    /** Null for a dead letter, or with one ruleset. */
    private final DecisionInputs inputs;

    private FirstScreened(Screened first, DecisionInputs inputs) {
      this.first = first;
      this.inputs = inputs;
    }
  }

  /** As {@link #screenAll(Validated, long)} with the first ruleset only; {@link #decideOthers} does the rest. */
  public FirstScreened screenFirst(Validated validated, long timestamp) {
    screen.processDecoded(nextRecord(validated.key(), null, timestamp), validated.transaction(),
        validated.rejection(), tx -> transactionBytes.serialize(transactionsTopic, tx));
    return outcomes();
  }

  /**
   * Every ruleset's outcome, in the order the rulesets were given, the first's from {@code first}. May run on
   * another thread than {@link #screenFirst}, one call at a time, in the order of the screenFirst calls (each ruleset
   * remembers its decisions for retries).
   */
  public Screened[] decideOthers(FirstScreened first) {
    Screened[] screened = new Screened[rulesetCount];
    screened[0] = first.first;
    if (rulesetCount == 1) {
      return screened;
    }
    if (first.inputs == null) {
      Arrays.fill(screened, first.first); // a dead letter: validation does not depend on the ruleset
      return screened;
    }
    candidates.process(new Record<>(null, first.inputs, first.inputs.tx().getEventTime().toEpochMilli()));
    Decision decision = null;
    int i = 1;
    for (var forward : candidateContext.forwarded()) {
      Object value = forward.record().value();
      if (value instanceof Decision d) {
        decision = d;
      } else if (value instanceof AuditEvent audit) {
        screened[i++] = new Screened(decision, audit, null, FiredRules.of(audit.getRules()));
      }
    }
    candidateContext.resetForwards();
    if (i != rulesetCount) {
      throw new IllegalStateException("candidate rulesets decided " + (i - 1) + " of " + (rulesetCount - 1)
          + " times for " + first.inputs.tx().getTransactionId());
    }
    return screened;
  }

  private Record<byte[], byte[]> nextRecord(String key, byte[] value, long timestamp) {
    screenContext.setRecordMetadata(transactionsTopic, 0, offset++);
    screenContext.setCurrentSystemTimeMs(timestamp);
    merchantContext.setCurrentSystemTimeMs(timestamp);
    areaContext.setCurrentSystemTimeMs(timestamp);
    return new Record<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, timestamp);
  }

  /** What the card side forwarded for the record just processed, decided by the merchant side. */
  private FirstScreened outcomes() {
    DeadLetter deadLetter = null;
    for (var forward : screenContext.forwarded()) {
      Object forwarded = forward.record().value();
      if (forwarded instanceof DeadLetter letter) {
        deadLetter = letter;
      } else if (forwarded instanceof HopRecord hop && !hop.isWatermark()) {
        merchant.decideNow(hop);
      }
    }
    screenContext.resetForwards();
    for (var forward : merchantContext.forwarded()) {
      if (forward.record().value() instanceof HopRecord hop && !hop.isWatermark()) {
        area.decideNow(hop); // a tiny payment: its area decides
      }
    }
    // a decision then its audit event (and the other rulesets' inputs when there are others); or one dead letter
    Decision decision = null;
    AuditEvent audit = null;
    DecisionInputs inputs = null;
    for (MockProcessorContext<Object, Object> side : List.of(merchantContext, areaContext)) {
      for (var forward : side.forwarded()) {
        Object forwarded = forward.record().value();
        if (forwarded instanceof Decision d) {
          decision = d;
        } else if (forwarded instanceof AuditEvent a) {
          audit = a;
        } else if (forwarded instanceof DecisionInputs in) { // to the candidates
          inputs = in;
        }
        // merchant features published for analysts: nobody reads them offline
      }
      side.resetForwards();
    }
    return new FirstScreened(new Screened(decision, audit, deadLetter,
        audit == null ? FiredRules.NONE : FiredRules.of(audit.getRules())), inputs);
  }

  @Override
  public void close() {
    screen.close();
    merchant.close();
    area.close();
  }
}
