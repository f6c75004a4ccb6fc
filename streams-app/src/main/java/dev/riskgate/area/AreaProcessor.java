package dev.riskgate.area;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.decision.Decider;
import dev.riskgate.decision.DecisionMemory;
import dev.riskgate.features.AreaKey;
import dev.riskgate.features.AreaProfile;
import dev.riskgate.features.CardFeatures;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.merchant.HopAlignment;
import dev.riskgate.merchant.MerchantProcessor;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rulesets.ActiveRuleset;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.HopRecord;
import dev.riskgate.screening.ScreeningNames;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.stores.IdleProfileSweeper;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The area side, where tiny payments are decided: the merchant side hands each one over with its card and merchant
 * features, keyed by its area ({@link AreaKey}); here they are put back into event-time order against every merchant
 * task's progress, the area's features are read from its profile (every earlier tiny payment of the area folded in,
 * whatever the pace), and the ruleset in force decides. Card numbers tested across the shops of a city, a few at each,
 * are seen here and nowhere else. A retry of a tiny payment comes here too, and gets its original's answer.
 */
public final class AreaProcessor implements Processor<String, byte[], Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(AreaProcessor.class);

  private final Duration profileIdleTtl;
  private final Ruleset fallbackRuleset;
  private final ScreeningRecorder recorder;
  private final Topics topics;
  private final String instanceId;
  private final long dedupeWindowMs;
  private final int upstreams;
  private final boolean offline;
  private final boolean givenCandidates;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> profiles;
  private ActiveRuleset rulesets;
  private Decider decider;
  private HopAlignment alignment;
  private Function<byte[], Transaction> decoder;

  public AreaProcessor(RiskgateConfig config, Topics topics, Ruleset fallbackRuleset, ScreeningRecorder recorder,
      int upstreams) {
    this(config, topics, fallbackRuleset, recorder, upstreams, false, false);
  }

  /** Offline: no alignment (the caller screens in event-time order). */
  public static AreaProcessor offline(RiskgateConfig config, Topics topics, Ruleset fallbackRuleset,
      boolean givenCandidates) {
    return new AreaProcessor(config, topics, fallbackRuleset, ScreeningRecorder.NONE, 1, true, givenCandidates);
  }

  private AreaProcessor(RiskgateConfig config, Topics topics, Ruleset fallbackRuleset, ScreeningRecorder recorder,
      int upstreams, boolean offline, boolean givenCandidates) {
    this.profileIdleTtl = config.profileIdleTtl();
    this.fallbackRuleset = fallbackRuleset;
    this.recorder = recorder;
    this.topics = topics;
    this.instanceId = config.instanceId();
    this.dedupeWindowMs = config.dedupeWindow().toMillis();
    this.upstreams = upstreams;
    this.offline = offline;
    this.givenCandidates = givenCandidates;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.profiles = context.getStateStore(ScreeningNames.AREA_PROFILE_STORE);
    this.rulesets = new ActiveRuleset(context.getStateStore(ScreeningNames.RULESET_STORE),
        topics.riskRules().valueSerde().deserializer(), topics.riskRules().name(), fallbackRuleset);
    ActiveRuleset candidate = ActiveRuleset.candidate(context.getStateStore(ScreeningNames.RULESET_STORE),
        topics.riskRules().valueSerde().deserializer(), topics.riskRules().name());
    this.decider = new Decider(context, topics, instanceId, recorder,
        new DecisionMemory(context.getStateStore(ScreeningNames.AREA_DECISION_STORE), dedupeWindowMs),
        ScreeningNames.AREA_CANDIDATES, Decider.candidatesDecide(givenCandidates, candidate));
    var transactions = topics.transactions().valueSerde().deserializer();
    String transactionsTopic = topics.transactions().name();
    this.decoder = bytes -> transactions.deserialize(transactionsTopic, bytes);
    IdleProfileSweeper.schedule(context, profiles, AreaProfile::newestTimeOf, profileIdleTtl, area -> { });
    if (!offline) {
      KeyValueStore<Bytes, byte[]> buffer = context.getStateStore(ScreeningNames.AREA_ALIGNMENT_STORE);
      KeyValueStore<Integer, Long> watermarks = context.getStateStore(ScreeningNames.AREA_WATERMARK_STORE);
      this.alignment = new HopAlignment(buffer, watermarks, upstreams, MerchantProcessor.IDLE_UPSTREAM.toMillis(),
          context.currentSystemTimeMs(), upstream -> {
            log.warn("Merchant task {} has said nothing for {}: area partition {} no longer waits for it", upstream,
                MerchantProcessor.IDLE_UPSTREAM, context.taskId().partition());
            recorder.silentUpstream();
          });
      context.schedule(HopRecord.WATERMARK_INTERVAL, PunctuationType.WALL_CLOCK_TIME,
          now -> alignment.releaseReady(now, this::decide));
    }
  }

  /** Live: a hop record as it crossed the topic. */
  @Override
  public void process(Record<String, byte[]> record) {
    if (record.value() != null) {
      alignment.take(record.value(), context.currentSystemTimeMs(), this::decide, recorder::lateTransaction);
    }
  }

  /** A tiny payment made within reach of this area: counted, if out of place, and decided in its own area. */
  private void observe(HopRecord hop) {
    if (AreaProfile.outOfPlace(hop.features)) {
      Transaction tx = hop.transaction(decoder);
      AreaProfile profile = profileOf(hop.observedIn, hop.eventTime);
      profile.add(hop.eventTime, tx.getCardToken().hashCode(), tx.getMerchantId().hashCode());
      profiles.put(hop.observedIn, profile.toBytes());
    }
  }

  private AreaProfile profileOf(String area, long eventTime) {
    return AreaProfile.fromBytes(IdleProfileSweeper.unlessIdle(profiles.get(area), AreaProfile::newestTimeOf,
        eventTime, profileIdleTtl));
  }

  /** Offline: decides at once, the caller having put the transactions in event-time order. */
  public void decideNow(HopRecord hop) {
    decide(hop);
  }

  private void decide(HopRecord hop) {
    if (hop.observedIn != null) {
      observe(hop);
      return;
    }
    Transaction tx = hop.transaction(decoder);
    List<StatusCheck> checks = hop.checksOf(tx);
    long now = context.currentSystemTimeMs();
    if (hop.retry) {
      if (decider.answeredFromOriginal(tx, hop, checks, now)) {
        return;
      }
      log.warn("Retry of {} in area {}: its original decision is not here; decided again", tx.getTransactionId(),
          AreaKey.of(tx));
    }
    String area = AreaKey.of(tx);
    long eventTime = hop.eventTime;
    AreaProfile profile = profileOf(area, eventTime);
    int card = tx.getCardToken().hashCode();
    int merchant = tx.getMerchantId().hashCode();
    FeatureVector features = hop.features;
    boolean outOfPlace = AreaProfile.outOfPlace(features);
    profile.fill(eventTime, card, merchant, outOfPlace, features);
    if (!hop.retry && outOfPlace) {
      profile.add(eventTime, card, merchant);
      profiles.put(area, profile.toBytes());
    }
    Ruleset ruleset = rulesets.get();
    CardFeatures.readAmount(tx, ruleset.currencies(), features);
    decider.decide(tx, hop, checks, features, ruleset, now);
  }
}
