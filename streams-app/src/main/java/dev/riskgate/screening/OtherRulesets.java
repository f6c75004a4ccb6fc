package dev.riskgate.screening;

import dev.riskgate.decision.DecisionMemo;
import dev.riskgate.rules.RuleEngine;
import dev.riskgate.rules.Ruleset;
import java.util.List;

/**
 * Offline: the rulesets after the first, deciding each transaction from the {@link DecisionInputs} the screening
 * processor captured, each remembering its own decisions for retries, as the processor does for the first. Their
 * work does not feed back into the screening (features depend on no decision), so a backtest runs it on the thread
 * that writes the results while the screening thread goes on with the next transactions: it was an eighth of the
 * screening thread, the backtest's bottleneck. Inputs must come in the order they were captured.
 */
final class OtherRulesets {
  private final List<Ruleset> rulesets;
  private final DecisionMemory[] memories;
  private final String instanceId;

  OtherRulesets(List<Ruleset> rulesets, long dedupeWindowMs, String instanceId) {
    this.rulesets = List.copyOf(rulesets);
    this.instanceId = instanceId;
    this.memories = new DecisionMemory[rulesets.size()];
    for (int i = 0; i < memories.length; i++) {
      String name = ScreeningTopology.DEDUPE_STORE + "-" + (i + 1);
      memories[i] = new DecisionMemory(new HashWindowStore(name, DecisionMemory.retentionMs(dedupeWindowMs)),
          dedupeWindowMs);
    }
  }

  int size() {
    return rulesets.size();
  }

  /** What ruleset {@code i} (0: the first of these) decides. */
  DecisionRecords decide(int i, DecisionInputs in) {
    String id = in.tx().getTransactionId();
    long eventTime = in.tx().getEventTime().toEpochMilli();
    if (in.retry()) {
      // every memory remembered the same transactions, each with its own ruleset's answer
      return DecisionRecords.of(in.tx(), memories[i].find(id, eventTime), in.inputTopic(), in.inputPartition(),
          in.inputOffset(), in.checks(), null, null, instanceId);
    }
    Ruleset ruleset = rulesets.get(i);
    RuleEngine.Result result = RuleEngine.decide(ruleset, in.features(), in.statusReasons());
    DecisionMemo memo = DecisionRecords.memoOf(result, ruleset, in.nowMs(), in.inputPartition(), in.inputOffset());
    memories[i].remember(id, eventTime, memo);
    return DecisionRecords.of(in.tx(), memo, in.inputTopic(), in.inputPartition(), in.inputOffset(), in.checks(),
        result, in.features(), instanceId);
  }
}
