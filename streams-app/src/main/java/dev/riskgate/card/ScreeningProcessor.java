package dev.riskgate.card;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.decision.DeadLetters;
import dev.riskgate.decision.DecisionMemory;
import dev.riskgate.features.CardFeatures;
import dev.riskgate.features.CardProfile;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rulesets.ActiveRuleset;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.HopRecord;
import dev.riskgate.screening.ScreeningNames;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.serde.SpecificAvroDeserializer;
import dev.riskgate.serde.WireFormatException;
import dev.riskgate.status.LateStatusWatch;
import dev.riskgate.status.StatusLookup;
import dev.riskgate.status.StatusReasons;
import dev.riskgate.stores.IdleProfileSweeper;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.Rejection;
import dev.riskgate.validation.TransactionValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card side of screening: decode, validate (a record that cannot be screened goes to the dead-letter topic with
 * its original bytes instead of stopping the partition), recognise a retry, look up the statuses in force at the
 * transaction's event time, and fold the transaction into its card's profile; then hand it, with its card features,
 * to the merchant side ({@link HopRecord}, keyed by merchant), which decides. Every {@link #HopRecord.WATERMARK_INTERVAL} of
 * wall-clock time it also tells every merchant partition how far it has come in event time, so that the merchant side
 * can release transactions in event-time order.
 */
public final class ScreeningProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(ScreeningProcessor.class);

  private final TransactionValidator validator;
  private final SpecificAvroDeserializer<Transaction> transactions;
  private final DeadLetters deadLetters;
  private final Topics topics;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> cardProfiles;
  private final long dedupeWindowMs;
  private final Duration profileIdleTtl;
  /**
   * Whether a card's profile can be the retry memory for what it lists: profiles are swept only after the store has
   * expired what they list, and written in the same transaction as each store entry.
   */
  private final boolean profilesVouchForNewIds;
  private CardRetryMemory seen;
  private StatusLookup statusLookup;
  private KeyValueStore<String, byte[]> statusStore;
  private final LateStatusWatch lateStatuses;
  private final Ruleset fallbackRuleset;
  private ActiveRuleset rulesets;
  /** The newest event time screened here, and whether anything was screened since the last watermark. */
  private long newestEventTime = Long.MIN_VALUE;
  private long announced = Long.MIN_VALUE;
  private boolean busy;
  /** Wall clock when this task last had something to screen (or started), and when it last said it was quiet. */
  private long lastBusyMs;
  private long announcedQuietMs = NEVER;
  private static final long NEVER = Long.MIN_VALUE;

  /** {@code fallbackRuleset}: in force until one is published; the ruleset in force reads amounts (its currencies). */
  public ScreeningProcessor(RiskgateConfig config, Topics topics, ScreeningRecorder recorder,
      LateStatusWatch lateStatuses, Ruleset fallbackRuleset) {
    this.fallbackRuleset = fallbackRuleset;
    this.lateStatuses = lateStatuses;
    this.topics = topics;
    this.validator = new TransactionValidator(config.maxFutureSkew(), config.maxEventAge(), config.tokenRanges());
    this.transactions = (SpecificAvroDeserializer<Transaction>) topics.transactions().valueSerde().deserializer();
    this.dedupeWindowMs = config.dedupeWindow().toMillis();
    this.profileIdleTtl = config.profileIdleTtl();
    // twice the retention and a minute: segments (at least a minute long) are dropped whole, so an entry can
    // outlive the retention by up to a segment; and only under exactly-once, where an entry and the card's profile
    // are committed together (at-least-once can restore one changelog's write without the other's)
    this.profilesVouchForNewIds = StreamsConfig.EXACTLY_ONCE_V2.equals(config.processingGuarantee())
        && profileIdleTtl.toMillis() >= 2 * DecisionMemory.retentionMs(dedupeWindowMs) + 60_000L;
    this.deadLetters = new DeadLetters(config.instanceId(), recorder, config.maxRequestBytes());
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    WindowStore<String, byte[]> dedupe = context.getStateStore(ScreeningNames.DEDUPE_STORE);
    this.seen = new CardRetryMemory(dedupe, dedupeWindowMs, profilesVouchForNewIds);
    this.statusStore = context.getStateStore(ScreeningNames.STATUS_STORE);
    this.statusLookup = new StatusLookup(topics.entityStatus().valueSerde().deserializer(),
        topics.entityStatus().name());
    this.cardProfiles = context.getStateStore(ScreeningNames.CARD_PROFILE_STORE);
    this.rulesets = new ActiveRuleset(context.getStateStore(ScreeningNames.RULESET_STORE),
        topics.riskRules().valueSerde().deserializer(), topics.riskRules().name(), fallbackRuleset);
    IdleProfileSweeper.schedule(context, cardProfiles, CardProfile::newestTimeOf, profileIdleTtl, card -> { });
    lastBusyMs = context.currentSystemTimeMs();
    context.schedule(HopRecord.WATERMARK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::announceProgress);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    busy = true; // a record refused is work too: this task has not reached the end of its input
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
  public void processDecoded(Record<byte[], byte[]> record, Transaction tx, Rejection rejection,
      Function<Transaction, byte[]> wireBytes) {
    busy = true;
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
  public Rejection validateDecoded(String key, Transaction tx, long nowMs) {
    try {
      return validator.validate(key, tx, nowMs);
    } catch (RuntimeException e) {
      return new Rejection(ErrorKind.UNDECODABLE, e.toString());
    }
  }

  /** What a status change is refused for (a card number in its text), null if nothing. Safe on any thread. */
  public Rejection validateStatus(EntityStatus status) {
    return validator.validateStatus(status);
  }

  private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, Rejection rejection) {
    log.debug("Dead-lettering {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), rejection);
    context.forward(deadLetters.of(record, source, rejection, context.currentSystemTimeMs()));
  }

  /** A valid transaction: to the merchant side with its card features, or as a retry of one already screened. */
  private void screen(Record<byte[], byte[]> record, RecordMetadata source, String key, Transaction tx) {
    long eventTime = tx.getEventTime().toEpochMilli();
    busy = true;
    newestEventTime = Math.max(newestEventTime, eventTime);
    byte[] storedProfile = IdleProfileSweeper.unlessIdle(cardProfiles.get(tx.getCardToken()),
        CardProfile::newestTimeOf, eventTime, profileIdleTtl);
    CardProfile profile = CardProfile.fromBytes(storedProfile);
    SeenTransaction original = seen.originalOf(tx.getTransactionId(), eventTime, profile, storedProfile != null,
        source.partition(), newestEventTime);
    List<ReasonCode> statusReasons = new ArrayList<>(1);
    List<StatusCheck> checks = statusChecksOf(tx, statusReasons, original == null);
    FeatureVector features = new FeatureVector();
    // a retry's profile is not kept: it never counts twice
    CardFeatures.apply(profile, tx, source.offset(), rulesets.get().currencies(), features);
    HopRecord hop;
    if (original != null) {
      hop = HopRecord.retry(source.partition(), source.offset(), tx, record.value(), checks, statusReasons, features,
          original.eventTime(), original.offset());
    } else {
      seen.rememberNew(tx.getTransactionId(), eventTime, source.partition(), source.offset(), profile,
          newestEventTime);
      cardProfiles.put(tx.getCardToken(), profile.toBytes());
      hop = HopRecord.original(source.partition(), source.offset(), tx, record.value(), checks, statusReasons,
          features);
    }
    context.forward(new Record<Object, Object>(tx.getMerchantId(), hop, record.timestamp()));
  }

  /**
   * Tells every merchant partition how far this card task has come in event time: it will send nothing earlier than
   * its newest transaction; once idle for an interval, nothing at or before it. An idle task that carries live
   * traffic (event times near the wall clock) vouches for the wall clock less a grace, so that a quiet card partition
   * does not hold back every merchant's decisions. A task with nothing to screen for {@link HopRecord#QUIET_MS}
   * says so (again every such period): judged here, after this task has processed what it was given, so that a stall
   * of the whole thread is never taken for the end of a replay.
   */
  private void announceProgress(long nowMs) {
    if (busy) {
      lastBusyMs = nowMs;
    }
    long mark = newestEventTime;
    if (!busy && newestEventTime != Long.MIN_VALUE) {
      mark = newestEventTime + 1;
      if (newestEventTime >= nowMs - HopRecord.LIVE_HORIZON_MS) {
        mark = Math.max(mark, nowMs - HopRecord.LIVE_GRACE_MS);
      }
    }
    boolean quiet = !busy && nowMs - lastBusyMs >= HopRecord.QUIET_MS;
    boolean sayQuiet = quiet && (announcedQuietMs == NEVER || nowMs - announcedQuietMs >= HopRecord.QUIET_MS);
    busy = false;
    if (mark > announced || sayQuiet) {
      announced = Math.max(announced, mark);
      if (quiet) {
        announcedQuietMs = nowMs;
      }
      // keyed "" rather than null, so that nothing on the way drops it; stamped with its event time, which the
      // merchant tasks' stream time (and their idle-profile sweeps) follow (a task that never screened: time zero)
      context.forward(new Record<Object, Object>("", HopRecord.watermark(context.taskId().partition(), mark, quiet),
          Math.max(mark, 0)));
    }
  }

  /**
   * Looks up card, account and merchant as of the transaction's event time and adds a blocking reason for each
   * non-active one; for an original, tells the late-status watch that this entity was decided at that time.
   */
  private List<StatusCheck> statusChecksOf(Transaction tx, List<ReasonCode> reasons, boolean original) {
    long eventTime = tx.getEventTime().toEpochMilli();
    List<StatusCheck> checks = new ArrayList<>(3);
    consult(EntityType.CARD, tx.getCardToken(), eventTime, checks, reasons, original);
    consult(EntityType.ACCOUNT, tx.getAccountId(), eventTime, checks, reasons, original);
    consult(EntityType.MERCHANT, tx.getMerchantId(), eventTime, checks, reasons, original);
    return checks;
  }

  private void consult(EntityType type, String id, long eventTime, List<StatusCheck> checks,
      List<ReasonCode> reasons, boolean original) {
    String key = StatusReasons.key(type, id);
    StatusLookup.InForce found = statusLookup.inForce(statusStore.get(key), eventTime);
    if (original) {
      lateStatuses.decided(key, eventTime);
    }
    if (found.unreadable()) {
      // fail closed: a status that exists but cannot be read may be a block; never a silent ALLOW
      log.debug("Status of {} {} in force at {} cannot be read ({}): blocked with response code 96", type,
          PanDetector.mask(id), Instant.ofEpochMilli(eventTime), found.problem());
      checks.add(new StatusCheck(type, id, Status.UNKNOWN, null));
      if (!reasons.contains(ReasonCode.STATUS_UNREADABLE)) {
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
    if (reason != null) {
      reasons.add(reason);
    }
  }
}
