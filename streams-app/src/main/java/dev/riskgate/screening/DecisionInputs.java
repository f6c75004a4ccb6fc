package dev.riskgate.screening;

import dev.riskgate.features.FeatureVector;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import java.util.List;

/**
 * Offline: what the rulesets after the first need to decide one transaction exactly as the first did, captured by the
 * screening processor: nothing in it depends on any ruleset's decision. {@code retry}: the first ruleset's memory
 * holds the transaction (every memory holds the same ids), so each ruleset repeats its own original answer;
 * {@code statusReasons} and {@code features} are then null.
 */
record DecisionInputs(Transaction tx, String inputTopic, int inputPartition, long inputOffset, long nowMs,
    List<StatusCheck> checks, List<ReasonCode> statusReasons, FeatureVector features, boolean retry) {}
