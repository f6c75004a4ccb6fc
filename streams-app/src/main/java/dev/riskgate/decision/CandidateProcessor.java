package dev.riskgate.decision;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.features.CardFeatures;
import dev.riskgate.rules.RuleEngine;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rulesets.ActiveRuleset;
import dev.riskgate.screening.ScreeningNames;
import dev.riskgate.topics.Topics;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Candidate rulesets decide every transaction beside the ruleset in force, from the inputs the merchant side decided
 * it with ({@link DecisionInputs}: same features, same statuses, so no candidate can change what another sees), and
 * emit a decision and an audit event each; live, the decisions go to candidate-decisions only. Live, the candidate is
 * the one published under {@link ActiveRuleset#CANDIDATE_KEY}; a backtest gives its candidates. Each candidate
 * remembers its own decisions, so that a retry repeats its original's answer as it does downstream.
 */
public final class CandidateProcessor implements Processor<Object, Object, Object, Object> {
  private final Topics topics;
  private final String instanceId;
  private final long dedupeWindowMs;
  /** A backtest's candidates, in order; null live. */
  private final List<Ruleset> given;
  /** Where it remembers its decisions: each side that decides has a candidates node of its own. */
  private final String memoryStore;
  private ActiveRuleset published;
  private DecisionMemory memory;
  private ProcessorContext<Object, Object> context;

  private CandidateProcessor(RiskgateConfig config, Topics topics, List<Ruleset> given, String memoryStore) {
    this.memoryStore = memoryStore;
    this.topics = topics;
    this.instanceId = config.instanceId();
    this.dedupeWindowMs = config.dedupeWindow().toMillis();
    this.given = given == null ? null : List.copyOf(given);
  }

  /** Live: the candidate published to risk-rules, if any, remembering its decisions in {@code memoryStore}. */
  public static CandidateProcessor published(RiskgateConfig config, Topics topics, String memoryStore) {
    return new CandidateProcessor(config, topics, null, memoryStore);
  }

  /** A backtest's candidates, which decide every transaction. */
  public static CandidateProcessor given(RiskgateConfig config, Topics topics, List<Ruleset> candidates) {
    return new CandidateProcessor(config, topics, candidates, ScreeningNames.CANDIDATE_DECISION_STORE);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    WindowStore<String, byte[]> store = context.getStateStore(memoryStore);
    this.memory = new DecisionMemory(store, dedupeWindowMs);
    if (given == null) {
      published = ActiveRuleset.candidate(context.getStateStore(ScreeningNames.RULESET_STORE),
          topics.riskRules().valueSerde().deserializer(), topics.riskRules().name());
    }
  }

  @Override
  public void process(Record<Object, Object> record) {
    if (!(record.value() instanceof DecisionInputs in)) {
      return;
    }
    if (given == null) {
      Ruleset candidate = published.get();
      if (candidate != null) {
        decide(0, candidate, in, record.timestamp());
      }
      return;
    }
    for (int i = 0; i < given.size(); i++) {
      decide(i, given.get(i), in, record.timestamp());
    }
  }

  private void decide(int index, Ruleset ruleset, DecisionInputs in, long timestamp) {
    String id = in.tx().getTransactionId();
    // each candidate remembers under its own key; live there is one
    String key = index == 0 ? id : index + "/" + id;
    long eventTime = in.tx().getEventTime().toEpochMilli();
    DecisionRecords decided;
    if (in.repeat()) {
      DecisionMemo original = memory.find(key, eventTime);
      if (original == null) {
        return; // a candidate published after the original was decided has no answer to repeat
      }
      decided = DecisionRecords.of(in.tx(), original, in.inputTopic(), in.inputPartition(), in.inputOffset(),
          in.checks(), null, null, instanceId, true);
    } else {
      // the copy of the features is this candidate's: its own currency tables read the amount
      CardFeatures.readAmount(in.tx(), ruleset.currencies(), in.features());
      RuleEngine.Result result = RuleEngine.decide(ruleset, in.features(),
          RuleEngine.hardReasons(ruleset, in.tx(), in.statusReasons()));
      DecisionMemo memo = DecisionRecords.memoOf(result, ruleset, in.nowMs(), in.inputPartition(), in.inputOffset());
      if (!in.retry()) {
        memory.remember(key, eventTime, memo);
      }
      decided = DecisionRecords.of(in.tx(), memo, in.inputTopic(), in.inputPartition(), in.inputOffset(),
          in.checks(), result, in.features(), instanceId, in.retry());
    }
    context.forward(new Record<Object, Object>(in.tx().getCardToken(), decided.decision(), timestamp));
    context.forward(new Record<Object, Object>(in.tx().getCardToken(), decided.audit(), timestamp));
  }
}
