package dev.riskgate.decision;

import dev.riskgate.features.FeatureVector;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import java.util.List;

/**
 * What a candidate ruleset needs to decide one transaction exactly as the ruleset in force did, handed over by the
 * merchant side: nothing in it depends on any ruleset's decision. {@code repeat}: the ruleset in force answered from
 * its memory (an original it decided), so each candidate repeats its own original answer; {@code statusReasons} and
 * {@code features} are then null. {@code retry}: the transaction is a retry (repeated, or decided again because its
 * original had left the memory).
 */
public record DecisionInputs(Transaction tx, String inputTopic, int inputPartition, long inputOffset, long nowMs,
    List<StatusCheck> checks, List<ReasonCode> statusReasons, FeatureVector features, boolean retry,
    boolean repeat) {}
