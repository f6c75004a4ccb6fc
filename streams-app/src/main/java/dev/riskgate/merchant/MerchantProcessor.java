package dev.riskgate.merchant;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.decision.Decider;
import dev.riskgate.decision.DecisionMemory;
import dev.riskgate.features.AreaKey;
import dev.riskgate.features.CardFeatures;
import dev.riskgate.features.Feature;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.features.MerchantActivity;
import dev.riskgate.features.MerchantProfile;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rulesets.ActiveRuleset;
import dev.riskgate.schema.MerchantFeatures;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.HopRecord;
import dev.riskgate.screening.ScreeningNames;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.stores.DecodedCache;
import dev.riskgate.stores.IdleProfileSweeper;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merchant side, where every transaction is decided: the card side hands over each transaction with its card
 * features and statuses ({@link HopRecord}), keyed by merchant; here they are put back into event-time order
 * ({@link HopAlignment}), the merchant's and the terminal's features are read from the merchant's profile as it stood
 * just before the transaction (every earlier transaction of the merchant folded in, whatever the pace), the ruleset in
 * force decides, and the decision and its audit event are emitted. A retry gets its original's answer.
 *
 * <p>The merchant's features are also published to merchant-features, for analysts, at most once a minute of event
 * time per merchant (at once when a terminal is being probed).
 */
public final class MerchantProcessor implements Processor<String, byte[], Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(MerchantProcessor.class);
  public static final long PUBLISH_INTERVAL_MS = 60_000L;
  /**
   * A card task silent this long stops holding back the others' transactions: longer than a rebalance after a
   * failure usually takes, so that its transactions are still decided in order once another instance resumes it.
   */
  public static final Duration IDLE_UPSTREAM = Duration.ofSeconds(30);
  /** Merchants kept decoded per task live: at ~2.5 KB a profile, at most ~10 MB per task. */
  private static final int CACHE_SLOTS = 4096;
  /**
   * Offline one processor sees every merchant (live, a task sees its partitions' share): the 64k most recently active
   * are held decoded, at most ~160 MB.
   */
  public static final int OFFLINE_HELD = 65_536;

  private final Duration profileIdleTtl;
  private final Ruleset fallbackRuleset;
  private final ScreeningRecorder recorder;
  private final Topics topics;
  private final String instanceId;
  private final long dedupeWindowMs;
  private final int upstreams;
  /** Offline: whether a backtest gave candidate rulesets; live the published candidate tells. */
  private final boolean givenCandidates;
  private ProcessorContext<Object, Object> context;
  private int partition;
  private KeyValueStore<String, byte[]> profiles;
  private Decider decider;
  /** How far this task told the area partitions it has released, and when it last told them. */
  private long announced = Long.MIN_VALUE;
  private long announcedMs = Long.MIN_VALUE;
  private ActiveRuleset rulesets;
  private HopAlignment alignment;
  private Function<byte[], Transaction> decoder;
  /** Profiles as last written: a busy merchant's is read back and rewritten on every one of its transactions. */
  private final DecodedCache<MerchantProfile> decoded;
  /**
   * Offline only (null live): the most recently active merchants' profiles held decoded and written to the store only
   * when they are the least recent of more than the limit, or at {@link #close}. Live, every update must reach the
   * changelog; offline nothing else reads the store, and encoding the profile on every transaction was a tenth of a
   * backtest's screening thread.
   */
  private final Map<String, MerchantProfile> held;

  public MerchantProcessor(RiskgateConfig config, Topics topics, Ruleset fallbackRuleset, ScreeningRecorder recorder,
      int upstreams) {
    this(config, topics, fallbackRuleset, recorder, upstreams, false, 0);
  }

  /**
   * Offline: no alignment (the caller screens in event-time order), the store written behind, {@code heldLimit}
   * profiles held decoded.
   */
  public static MerchantProcessor offline(RiskgateConfig config, Topics topics, Ruleset fallbackRuleset,
      boolean givenCandidates, int heldLimit) {
    return new MerchantProcessor(config, topics, fallbackRuleset, ScreeningRecorder.NONE, 1, givenCandidates,
        heldLimit);
  }

  private MerchantProcessor(RiskgateConfig config, Topics topics, Ruleset fallbackRuleset,
      ScreeningRecorder recorder, int upstreams, boolean givenCandidates, int heldLimit) {
    this.profileIdleTtl = config.profileIdleTtl();
    this.fallbackRuleset = fallbackRuleset;
    this.recorder = recorder;
    this.topics = topics;
    this.instanceId = config.instanceId();
    this.dedupeWindowMs = config.dedupeWindow().toMillis();
    this.upstreams = upstreams;
    this.givenCandidates = givenCandidates;
    this.decoded = new DecodedCache<>(heldLimit == 0 ? CACHE_SLOTS : 1);
    this.held = heldLimit == 0 ? null : new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, MerchantProfile> eldest) {
        if (size() <= heldLimit) {
          return false;
        }
        profiles.put(eldest.getKey(), eldest.getValue().toBytes());
        return true;
      }
    };
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.profiles = context.getStateStore(ScreeningNames.MERCHANT_PROFILE_STORE);
    this.partition = context.taskId() == null ? 0 : context.taskId().partition();
    WindowStore<String, byte[]> memory = context.getStateStore(ScreeningNames.DECISION_STORE);
    this.rulesets = new ActiveRuleset(context.getStateStore(ScreeningNames.RULESET_STORE),
        topics.riskRules().valueSerde().deserializer(), topics.riskRules().name(), fallbackRuleset);
    ActiveRuleset candidate = ActiveRuleset.candidate(context.getStateStore(ScreeningNames.RULESET_STORE),
        topics.riskRules().valueSerde().deserializer(), topics.riskRules().name());
    this.decider = new Decider(context, topics, instanceId, recorder, new DecisionMemory(memory, dedupeWindowMs),
        ScreeningNames.CANDIDATES, Decider.candidatesDecide(givenCandidates, candidate));
    var transactions = topics.transactions().valueSerde().deserializer();
    String transactionsTopic = topics.transactions().name();
    this.decoder = bytes -> transactions.deserialize(transactionsTopic, bytes);
    // a forgotten merchant's published features go too (a tombstone), so analysts' views forget it
    IdleProfileSweeper.schedule(context, profiles, MerchantProfile::newestTimeOf, profileIdleTtl,
        merchant -> context.forward(new Record<>(merchant, null, context.currentStreamTimeMs())));
    if (held == null) {
      KeyValueStore<Bytes, byte[]> buffer = context.getStateStore(ScreeningNames.ALIGNMENT_STORE);
      KeyValueStore<Integer, Long> watermarks = context.getStateStore(ScreeningNames.WATERMARK_STORE);
      this.alignment = new HopAlignment(buffer, watermarks, upstreams, IDLE_UPSTREAM.toMillis(),
          context.currentSystemTimeMs(), upstream -> {
            log.warn("Card task {} has said nothing for {}: merchant partition {} no longer waits for it", upstream,
                IDLE_UPSTREAM, context.taskId().partition());
            recorder.silentUpstream();
          }).reportingTo(recorder, "Merchant partition " + context.taskId().partition());
      context.schedule(HopRecord.WATERMARK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
        alignment.releaseReady(now, this::decide);
        tellAreas(now);
      });
    }
  }

  /** Live: a hop record as it crossed the topic. */
  @Override
  public void process(Record<String, byte[]> record) {
    if (record.value() != null) {
      alignment.take(record.value(), context.currentSystemTimeMs(), this::decide, recorder::lateTransaction);
    }
  }

  /**
   * Tells every area partition how far this task has released (it sends no tiny payment older than that, a late one
   * apart), when that moved, and at least every {@link HopRecord#QUIET_MS} in any case: whether its card tasks are all
   * quiet, and that it is alive while it waits for one of them, so that no area gives up on it as silent.
   */
  private void tellAreas(long nowMs) {
    long released = alignment.released();
    boolean quiet = alignment.upstreamsQuiet();
    boolean due = announcedMs == Long.MIN_VALUE || nowMs - announcedMs >= HopRecord.QUIET_MS;
    if (released != Long.MIN_VALUE && (released > announced || due)) {
      announced = Math.max(announced, released);
      announcedMs = nowMs;
      context.forward(new Record<Object, Object>("", HopRecord.watermark(partition, announced, quiet),
          Math.max(announced, 0)), ScreeningNames.TO_AREAS);
    }
  }

  /** Offline: decides at once, the caller having put the transactions in event-time order. */
  public void decideNow(HopRecord hop) {
    decide(hop);
  }

  private void decide(HopRecord hop) {
    Transaction tx = hop.transaction(decoder);
    String merchant = tx.getMerchantId();
    List<StatusCheck> checks = hop.checksOf(tx);
    long now = context.currentSystemTimeMs();
    Ruleset ruleset = rulesets.get();
    FeatureVector features = hop.features;
    // the deciding ruleset's tables read the amount, should the card side have screened it under another's
    CardFeatures.readAmount(tx, ruleset.currencies(), features);
    double amount = features.get(Feature.TX_AMOUNT);
    boolean tiny = ruleset.currencies().isTiny(amount) && ruleset.currencies().knows(tx.getCurrency());
    boolean toArea = tiny;
    if (hop.retry && !toArea) {
      if (decider.answeredFromOriginal(tx, hop, checks, now)) {
        return;
      }
      // the original was decided at another merchant, or has left the memory: decided again, still a retry
      log.warn("Retry of {} at merchant {}: its original decision is not here; decided again", tx.getTransactionId(),
          merchant);
    }
    long eventTime = hop.eventTime;
    MerchantProfile profile = profileOf(merchant, eventTime);
    MerchantFeatureReader.fill(tx, profile.isEmpty() ? null : profile.features(merchant), profileIdleTtl.toMillis(),
        features);
    if (!hop.retry) {
      fold(merchant, profile, new MerchantActivity(tx.getTerminalId(), tx.getCardToken().hashCode(),
          (float) amount, tiny, eventTime, (byte) features.get(Feature.TX_LOCAL_HOUR)), eventTime);
    }
    if (toArea) {
      // a tiny payment is decided by its area, which sees the card numbers tested across the city's shops; a retry
      // too, where its original was decided
      context.forward(new Record<Object, Object>(AreaKey.of(tx), hop.sentOnBy(partition), eventTime),
          ScreeningNames.TO_AREAS);
      if (!hop.retry) {
        // near a cell's edge the neighbouring areas count it too: a city across an edge is seen whole
        for (String neighbour : AreaKey.neighbours(tx)) {
          context.forward(new Record<Object, Object>(neighbour, hop.observationFor(neighbour, partition), eventTime),
              ScreeningNames.TO_AREAS);
        }
      }
      return;
    }
    decider.decide(tx, hop, checks, features, ruleset, now);
  }

  /** The merchant's profile as it stands before a transaction at {@code eventTime} (empty when new or idle). */
  private MerchantProfile profileOf(String merchant, long eventTime) {
    MerchantProfile profile = held == null ? null : held.get(merchant);
    if (profile == null || profile.newestTime() < eventTime - profileIdleTtl.toMillis()) {
      // not held, or held but idle past the TTL (judged as IdleProfileSweeper.unlessIdle judges a stored one)
      profile = profile == null ? load(merchant, eventTime) : new MerchantProfile();
      if (held != null) {
        held.put(merchant, profile);
      }
    }
    return profile;
  }

  /** Folds a decided transaction into its merchant's profile, and publishes the features when due. */
  private void fold(String merchant, MerchantProfile profile, MerchantActivity activity, long eventTime) {
    profile.add(activity);
    MerchantFeatures features = profile.features(merchant);
    boolean publish = profile.shouldPublish(features, PUBLISH_INTERVAL_MS);
    if (held == null) {
      byte[] bytes = profile.toBytes();
      profiles.put(merchant, bytes);
      decoded.put(merchant, bytes, profile);
    }
    if (publish) {
      context.forward(new Record<Object, Object>(merchant, features, eventTime));
    }
  }

  private MerchantProfile load(String merchant, long eventTime) {
    byte[] stored = IdleProfileSweeper.unlessIdle(profiles.get(merchant), MerchantProfile::newestTimeOf, eventTime,
        profileIdleTtl);
    MerchantProfile profile = stored == null ? null : decoded.take(merchant, stored);
    return profile != null ? profile : MerchantProfile.fromBytes(stored);
  }

  /** Offline: writes the profiles still held, so the store ends as it would live. */
  @Override
  public void close() {
    if (held != null) {
      held.forEach((merchant, profile) -> profiles.put(merchant, profile.toBytes()));
      held.clear();
    }
  }
}
