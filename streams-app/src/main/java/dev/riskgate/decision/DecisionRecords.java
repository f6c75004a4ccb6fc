package dev.riskgate.decision;

import dev.riskgate.config.AppVersion;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.rules.RuleEngine;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The decision and the audit event of one transaction for one ruleset, built alike wherever the ruleset decides: in
 * the merchant side for the ruleset in force, or beside it for the candidate rulesets ({@link CandidateProcessor}).
 */
public record DecisionRecords(Decision decision, AuditEvent audit) {

  /** What a ruleset's memory keeps of its decision: the answer a retry of the transaction gets. */
  public static DecisionMemo memoOf(RuleEngine.Result result, Ruleset ruleset, long nowMs, int inputPartition,
      long inputOffset) {
    return new DecisionMemo(result.outcome(), result.responseCode(), result.retryable(), result.score(),
        result.reasons(), ruleset.version(), nowMs, inputPartition, inputOffset);
  }

  /**
   * A null {@code result} means a retry: the decision repeats {@code memo} and the audit event points at the original.
   */
  public static DecisionRecords of(Transaction tx, DecisionMemo memo, String inputTopic, int inputPartition, long inputOffset,
      List<StatusCheck> checks, RuleEngine.Result result, FeatureVector features, String instanceId) {
    return of(tx, memo, inputTopic, inputPartition, inputOffset, checks, result, features, instanceId, result == null);
  }

  /**
   * As above, {@code retry} given: a retry whose original's decision could not be found is decided again
   * ({@code result} not null) and still marked a retry.
   */
  public static DecisionRecords of(Transaction tx, DecisionMemo memo, String inputTopic, int inputPartition, long inputOffset,
      List<StatusCheck> checks, RuleEngine.Result result, FeatureVector features, String instanceId, boolean retry) {
    boolean repeated = result == null;
    Decision decision = Decision.newBuilder()
        .setTransactionId(tx.getTransactionId())
        .setCardToken(tx.getCardToken())
        .setOutcome(memo.outcome())
        .setResponseCode(memo.responseCode())
        .setRetryable(memo.retryable())
        .setReasons(memo.reasons())
        .setScore(memo.score())
        .setRulesetVersion(memo.rulesetVersion())
        .setEventTime(tx.getEventTime())
        .setDecidedAt(Instant.ofEpochMilli(memo.decidedAt()))
        .setRetry(retry)
        .build();
    AuditEvent audit = AuditEvent.newBuilder()
        .setDecision(decision)
        .setTransaction(tx)
        .setRules(repeated ? List.of() : result.evaluations())
        .setStatuses(checks)
        .setFeatures(repeated ? Map.of() : features.asMap())
        .setInputTopic(inputTopic)
        .setInputPartition(inputPartition)
        .setInputOffset(inputOffset)
        .setOriginalPartition(repeated ? memo.partition() : null)
        .setOriginalOffset(repeated ? memo.offset() : null)
        .setInstanceId(instanceId)
        .setAppVersion(AppVersion.get())
        .setShadowOutcome(repeated ? null : result.shadowOutcome())
        .setShadowScore(repeated ? null : result.shadowScore())
        .build();
    return new DecisionRecords(decision, audit);
  }
}
