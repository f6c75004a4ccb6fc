package dev.riskgate.screening;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.decision.DecisionMemo;
import dev.riskgate.features.CardFeatures;
import dev.riskgate.features.CardProfile;
import dev.riskgate.features.Feature;
import dev.riskgate.features.MerchantActivity;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.rules.ActiveRuleset;
import dev.riskgate.rules.RuleEngine;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import dev.riskgate.serde.SpecificAvroDeserializer;
import dev.riskgate.serde.WireFormatException;
import dev.riskgate.status.LateStatusWatch;
import dev.riskgate.status.StatusLookup;
import dev.riskgate.status.StatusReasons;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.PanDetector;
import dev.riskgate.validation.Rejection;
import dev.riskgate.validation.TransactionValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Screens one transaction: decode, validate, recognise a retry, consult entity statuses, decide, and emit exactly one
 * of (decision + audit event) or (dead letter). Decoding happens here rather than in the source so that a record that
 * does not decode reaches the dead-letter topic with its original bytes instead of stopping the partition.
 */
final class ScreeningProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(ScreeningProcessor.class);

  private final TransactionValidator validator;
  private final SpecificAvroDeserializer<Transaction> transactions;
  private final String instanceId;
  private final DeadLetters deadLetters;
  private final Ruleset fallbackRuleset;
  private final Topics topics;
  private final ScreeningRecorder recorder;
  private ActiveRuleset rulesets;
  /**
   * Offline only: each valid transaction's {@link DecisionInputs} are also forwarded to {@link #OTHER_RULESETS}, for
   * more rulesets to decide it with the same features elsewhere ({@link OtherRulesets}).
   */
  private final boolean forwardsDecisionInputs;
  /** The offline pseudo-node that receives {@link DecisionInputs}; no live topology has it. */
  static final String OTHER_RULESETS = "other-rulesets";
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> cardProfiles;
  private MerchantFeatureReader merchants;
  private final long dedupeWindowMs;
  private final Duration profileIdleTtl;
  /**
   * Whether a card's profile lists every decision the memory could return for it: profiles are swept only after the
   * memory has expired what they list, and written in the same transaction as each decision.
   */
  private final boolean profilesVouchForNewIds;
  private DecisionMemory decisions;
  private StatusLookup statusLookup;
  private KeyValueStore<String, byte[]> statusStore;
  private final LateStatusWatch lateStatuses;

  ScreeningProcessor(RiskgateConfig config, Topics topics, Ruleset fallbackRuleset, ScreeningRecorder recorder,
      LateStatusWatch lateStatuses) {
    this(config, topics, fallbackRuleset, false, recorder, lateStatuses);
  }

  /**
   * {@code forwardsDecisionInputs}: offline, a backtest compares rulesets without computing the features twice; this
   * processor decides with the active ruleset and forwards what the others need ({@link #OTHER_RULESETS}).
   */
  ScreeningProcessor(RiskgateConfig config, Topics topics, Ruleset fallbackRuleset, boolean forwardsDecisionInputs,
      ScreeningRecorder recorder, LateStatusWatch lateStatuses) {
    this.forwardsDecisionInputs = forwardsDecisionInputs;
    this.lateStatuses = lateStatuses;
    this.fallbackRuleset = fallbackRuleset;
    this.recorder = recorder;
    this.topics = topics;
    this.validator = new TransactionValidator(config.maxFutureSkew(), config.maxEventAge(), config.tokenRanges());
    this.transactions = (SpecificAvroDeserializer<Transaction>) topics.transactions().valueSerde().deserializer();
    this.instanceId = config.instanceId();
    this.dedupeWindowMs = config.dedupeWindow().toMillis();
    this.profileIdleTtl = config.profileIdleTtl();
    // twice the retention and a minute: segments (at least a minute long) are dropped whole, so a decision can
    // outlive the retention by up to a segment; and only under exactly-once, where a decision and the card's profile
    // are committed together (at-least-once can restore one changelog's write without the other's)
    this.profilesVouchForNewIds = StreamsConfig.EXACTLY_ONCE_V2.equals(config.processingGuarantee())
        && profileIdleTtl.toMillis() >= 2 * DecisionMemory.retentionMs(dedupeWindowMs) + 60_000L;
    this.deadLetters = new DeadLetters(config.instanceId(), recorder);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    WindowStore<String, byte[]> dedupe = context.getStateStore(ScreeningTopology.DEDUPE_STORE);
    this.decisions = new DecisionMemory(dedupe, dedupeWindowMs);
    this.statusStore = context.getStateStore(ScreeningTopology.STATUS_STORE);
    this.statusLookup = new StatusLookup(topics.entityStatus().valueSerde().deserializer(),
        topics.entityStatus().name());
    this.cardProfiles = context.getStateStore(ScreeningTopology.CARD_PROFILE_STORE);
    IdleProfileSweeper.schedule(context, cardProfiles, CardProfile::newestTimeOf, profileIdleTtl, card -> { });
    this.merchants = new MerchantFeatureReader(context.getStateStore(ScreeningTopology.MERCHANT_FEATURES_STORE),
        topics.merchantFeatures().valueSerde().deserializer(), topics.merchantFeatures().name(), profileIdleTtl);
    this.rulesets = new ActiveRuleset(context.getStateStore(ScreeningTopology.RULESET_STORE),
        topics.riskRules().valueSerde().deserializer(), topics.riskRules().name(), fallbackRuleset);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    // a card number in the key or a header is refused before decoding: it is the clearest reason to give
    Rejection rejection = validator.validateEnvelope(key, record.headers());
    Transaction tx = null;
    if (rejection == null) {
      try {
        tx = transactions.deserialize(source.topic(), source.partition(), source.offset(), record.value());
        rejection = tx == null
            ? new Rejection(ErrorKind.MISSING_FIELD, "record has no value (a tombstone is not a transaction)")
            : validator.validate(key, tx, context.currentSystemTimeMs());
      } catch (WireFormatException e) {
        if (e.kind() == WireFormatException.Kind.REGISTRY_UNAVAILABLE) {
          throw e; // transient: the stream thread is replaced and this record is read again, nothing is dropped
        }
        rejection = new Rejection(DeadLetters.kindOf(e.kind()), e.getMessage());
      } catch (RuntimeException e) {
        rejection = new Rejection(ErrorKind.UNDECODABLE, e.toString());
      }
    }
    if (rejection != null) {
      deadLetter(record, source, rejection);
      return;
    }
    screen(record, source, key, tx);
  }

  /**
   * Offline: a transaction read from a history file is an object already, and encoding it only for {@link #process}
   * to decode it again cost a backtest ~10% of its CPU. It is validated as {@link #process} validates after decoding,
   * by {@link #validateDecoded} (on any thread), and then dead-lettered or screened here; {@code wireBytes} makes the
   * value a dead letter keeps, called only if it is refused.
   */
  void processDecoded(Record<byte[], byte[]> record, Transaction tx, Rejection rejection,
      Function<Transaction, byte[]> wireBytes) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    if (rejection != null) {
      deadLetter(record.withValue(wireBytes.apply(tx)), source, rejection);
      return;
    }
    screen(record, source, record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), tx);
  }

  /**
   * What {@link #process} would refuse a decoded transaction for, null if nothing; {@code nowMs} the clock it is judged
   * by. Safe on any thread (the validator keeps no state): offline, the thread reading the history validates.
   */
  Rejection validateDecoded(String key, Transaction tx, long nowMs) {
    try {
      return validator.validate(key, tx, nowMs);
    } catch (RuntimeException e) {
      return new Rejection(ErrorKind.UNDECODABLE, e.toString());
    }
  }

  /** What a status change is refused for (a card number in its text), null if nothing. Safe on any thread. */
  Rejection validateStatus(EntityStatus status) {
    return validator.validateStatus(status);
  }

  private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, Rejection rejection) {
    log.debug("Dead-lettering {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), rejection);
    context.forward(deadLetters.of(record, source, rejection, context.currentSystemTimeMs()),
        ScreeningTopology.DEAD_LETTER_SINK);
  }

  /** A valid transaction: a retry's original answer again, or features, statuses and a decision per ruleset. */
  private void screen(Record<byte[], byte[]> record, RecordMetadata source, String key, Transaction tx) {
    long eventTime = tx.getEventTime().toEpochMilli();
    byte[] storedProfile = IdleProfileSweeper.unlessIdle(cardProfiles.get(tx.getCardToken()),
        CardProfile::newestTimeOf, eventTime, profileIdleTtl);
    CardProfile profile = CardProfile.fromBytes(storedProfile);
    DecisionMemo original = mayBeRetry(tx, eventTime, storedProfile, profile)
        ? decisions.find(tx.getTransactionId(), eventTime)
        : null;
    if (original != null) {
      List<StatusCheck> checks = statusChecksOf(tx, null);
      emit(record, key, tx, original, source, checks, null, null);
      forwardDecisionInputs(record, tx, source, checks, null, null);
      return;
    }
    List<ReasonCode> statusReasons = new ArrayList<>(1);
    List<StatusCheck> checks = statusChecksOf(tx, statusReasons);
    FeatureVector features = new FeatureVector();
    CardFeatures.apply(profile, tx, features);
    cardProfiles.put(tx.getCardToken(), profile.toBytes());
    merchants.fill(tx, features);
    Ruleset ruleset = rulesets.get();
    RuleEngine.Result result = RuleEngine.decide(ruleset, features, statusReasons);
    DecisionMemo memo = DecisionRecords.memoOf(result, ruleset, context.currentSystemTimeMs(), source.partition(),
        source.offset());
    decisions.remember(tx.getTransactionId(), eventTime, memo);
    emit(record, key, tx, memo, source, checks, result, features);
    forwardDecisionInputs(record, tx, source, checks, statusReasons, features);
    MerchantActivity activity = new MerchantActivity(tx.getTerminalId(), tx.getCardToken().hashCode(),
        (float) features.get(Feature.TX_AMOUNT), eventTime, (byte) features.get(Feature.TX_LOCAL_HOUR));
    context.forward(new Record<Object, Object>(tx.getMerchantId(), activity.toBytes(), record.timestamp()),
        ScreeningTopology.MERCHANT_ACTIVITY_SINK);
  }

  /**
   * Whether the decision memory must be asked for an original: nearly every transaction is new, and the card's
   * profile lists its recent transactions' ids. Without a profile (a new card, or one idle past the TTL), or when
   * profiles cannot vouch ({@link #profilesVouchForNewIds}: at-least-once, or a TTL too short), ask always.
   */
  private boolean mayBeRetry(Transaction tx, long eventTime, byte[] storedProfile, CardProfile profile) {
    return storedProfile == null || !profilesVouchForNewIds
        || profile.mayHaveDecided(tx.getTransactionId(), decisions.oldestFindable(eventTime));
  }

  /** Offline with more rulesets: what they need to decide this transaction ({@code features == null}: a retry). */
  private void forwardDecisionInputs(Record<byte[], byte[]> record, Transaction tx, RecordMetadata source,
      List<StatusCheck> checks, List<ReasonCode> statusReasons, FeatureVector features) {
    if (forwardsDecisionInputs) {
      DecisionInputs inputs = new DecisionInputs(tx, source.topic(), source.partition(), source.offset(),
          context.currentSystemTimeMs(), checks, statusReasons, features == null ? null : features.copy(),
          features == null);
      context.forward(new Record<Object, Object>(null, inputs, record.timestamp()), OTHER_RULESETS);
    }
  }

  /**
   * Looks up card, account and merchant as of the transaction's event time; adds a blocking reason for each non-active
   * one when reasons is given (an original decision), and tells the late-status watch this entity was decided then.
   */
  private List<StatusCheck> statusChecksOf(Transaction tx, List<ReasonCode> reasons) {
    long eventTime = tx.getEventTime().toEpochMilli();
    List<StatusCheck> checks = new ArrayList<>(3);
    consult(EntityType.CARD, tx.getCardToken(), eventTime, checks, reasons);
    consult(EntityType.ACCOUNT, tx.getAccountId(), eventTime, checks, reasons);
    consult(EntityType.MERCHANT, tx.getMerchantId(), eventTime, checks, reasons);
    return checks;
  }

  private void consult(EntityType type, String id, long eventTime, List<StatusCheck> checks,
      List<ReasonCode> reasons) {
    String key = StatusReasons.key(type, id);
    StatusLookup.InForce found = statusLookup.inForce(statusStore.get(key), eventTime);
    if (reasons != null) {
      lateStatuses.decided(key, eventTime);
    }
    if (found.unreadable()) {
      // fail closed: a status that exists but cannot be read may be a block; never a silent ALLOW
      log.debug("Status of {} {} in force at {} cannot be read ({}): blocked with response code 96", type,
          PanDetector.mask(id), Instant.ofEpochMilli(eventTime), found.problem());
      checks.add(new StatusCheck(type, id, Status.UNKNOWN, null));
      if (reasons != null && !reasons.contains(ReasonCode.STATUS_UNREADABLE)) {
        reasons.add(ReasonCode.STATUS_UNREADABLE);
      }
      return;
    }
    EntityStatus status = found.status();
    if (status == null) {
      checks.add(new StatusCheck(type, id, Status.ACTIVE, null));
      return;
    }
    checks.add(new StatusCheck(type, id, status.getStatus(), status.getEffectiveTime()));
    ReasonCode reason = StatusReasons.reasonFor(type, status.getStatus());
    if (reason != null && reasons != null) {
      reasons.add(reason);
    }
  }

  /** A null result means a retry: the decision repeats the memo and the audit event points at the original. */
  private void emit(Record<byte[], byte[]> record, String key, Transaction tx, DecisionMemo memo,
      RecordMetadata source, List<StatusCheck> checks, RuleEngine.Result result, FeatureVector features) {
    DecisionRecords built = DecisionRecords.of(tx, memo, source.topic(), source.partition(), source.offset(), checks,
        result, features, instanceId);
    Decision decision = built.decision();
    AuditEvent audit = built.audit();
    context.forward(new Record<Object, Object>(key, decision, record.timestamp()), ScreeningTopology.DECISIONS_SINK);
    context.forward(new Record<Object, Object>(key, audit, record.timestamp()), ScreeningTopology.AUDIT_SINK);
    recorder.decided(decision, record.timestamp(), context.currentSystemTimeMs());
  }
}
