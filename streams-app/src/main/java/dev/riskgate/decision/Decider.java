package dev.riskgate.decision;

import dev.riskgate.features.CardFeatures;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.rules.RuleEngine;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rulesets.ActiveRuleset;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.HopRecord;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.topics.Topics;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The last step of a transaction on whichever side decides it (the merchant side, or for tiny payments the area
 * side): a retry answered from its original's decision, else the ruleset in force applied to the features, the
 * decision remembered for retries; the decision and its audit event emitted, and what candidate rulesets need handed
 * to the node that runs them.
 */
public final class Decider {
  private final ProcessorContext<Object, Object> context;
  private final Topics topics;
  private final String instanceId;
  private final ScreeningRecorder recorder;
  private final DecisionMemory memory;
  private final String candidatesNode;
  /** Whether candidate rulesets decide now (a backtest gave some, or one is published). */
  private final BooleanSupplier candidatesDecide;

  public Decider(ProcessorContext<Object, Object> context, Topics topics, String instanceId, ScreeningRecorder recorder,
      DecisionMemory memory, String candidatesNode, BooleanSupplier candidatesDecide) {
    this.context = context;
    this.topics = topics;
    this.instanceId = instanceId;
    this.recorder = recorder;
    this.memory = memory;
    this.candidatesNode = candidatesNode;
    this.candidatesDecide = candidatesDecide;
  }

  /** Whether {@code hop}, a retry, got its original's answer (false when the original is not remembered here). */
  public boolean answeredFromOriginal(Transaction tx, HopRecord hop, List<StatusCheck> checks, long nowMs) {
    DecisionMemo original = memory.find(tx.getTransactionId(), hop.originalEventTime);
    if (original == null) {
      return false;
    }
    emit(tx, original, hop, checks, null, null);
    forwardToCandidates(tx, hop, checks, null, nowMs);
    return true;
  }

  /**
   * Decides {@code tx} on {@code features} (the amount read by {@code ruleset}'s tables: {@link
   * CardFeatures#readAmount}) with {@code ruleset}, remembers an original's decision, and emits it.
   */
  public RuleEngine.Result decide(Transaction tx, HopRecord hop, List<StatusCheck> checks, FeatureVector features,
      Ruleset ruleset, long nowMs) {
    RuleEngine.Result result = RuleEngine.decide(ruleset, features, RuleEngine.hardReasons(ruleset, tx,
        hop.statusReasons));
    DecisionMemo memo = DecisionRecords.memoOf(result, ruleset, nowMs, hop.inputPartition, hop.inputOffset);
    if (!hop.retry) {
      memory.remember(tx.getTransactionId(), hop.eventTime, memo);
    }
    emit(tx, memo, hop, checks, result, features);
    forwardToCandidates(tx, hop, checks, features, nowMs);
    return result;
  }

  private void emit(Transaction tx, DecisionMemo memo, HopRecord hop, List<StatusCheck> checks,
      RuleEngine.Result result, FeatureVector features) {
    DecisionRecords built = DecisionRecords.of(tx, memo, topics.transactions().name(), hop.inputPartition,
        hop.inputOffset, checks, result, features, instanceId, hop.retry);
    long timestamp = hop.eventTime;
    context.forward(new Record<Object, Object>(tx.getCardToken(), built.decision(), timestamp));
    context.forward(new Record<Object, Object>(tx.getCardToken(), built.audit(), timestamp));
    recorder.decided(built.decision(), timestamp, context.currentSystemTimeMs());
  }

  /**
   * When candidate rulesets decide too: what they need to decide this transaction as the ruleset in force did
   * ({@code features == null}: it repeated its original's answer).
   */
  private void forwardToCandidates(Transaction tx, HopRecord hop, List<StatusCheck> checks, FeatureVector features,
      long nowMs) {
    if (candidatesDecide.getAsBoolean()) {
      boolean repeat = features == null;
      DecisionInputs inputs = new DecisionInputs(tx, topics.transactions().name(), hop.inputPartition,
          hop.inputOffset, nowMs, checks, repeat ? null : hop.statusReasons, repeat ? null : features.copy(),
          hop.retry, repeat);
      context.forward(new Record<Object, Object>(tx.getCardToken(), inputs, hop.eventTime), candidatesNode);
    }
  }

  /** The candidate published live, null when none: for {@code candidatesDecide}. */
  public static BooleanSupplier candidatesDecide(boolean given, ActiveRuleset published) {
    return given ? () -> true : () -> published.get() != null;
  }
}
