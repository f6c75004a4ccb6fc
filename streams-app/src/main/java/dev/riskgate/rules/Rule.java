package dev.riskgate.rules;

import dev.riskgate.features.Feature;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleMode;

/**
 * One rule of a ruleset: when {@code feature operator threshold} holds, the rule fires and adds its weight to the
 * score, or forces its action (REVIEW or BLOCK). SHADOW rules are evaluated and reported, never enforced.
 */
public record Rule(
    String id,
    String description,
    Feature feature,
    Operator operator,
    double threshold,
    double thresholdHigh,
    int weight,
    Action action,
    ReasonCode reason,
    String responseCode,
    RuleMode mode) {

  /** What a fired rule does besides adding its weight. */
  public enum Action { SCORE, REVIEW, BLOCK }

  public boolean firesOn(double value) {
    return operator.holds(value, threshold, thresholdHigh);
  }

  /** Order of strength among fired rules: forced blocks, then forced reviews, then by weight. */
  int strength() {
    return switch (action) {
      case BLOCK -> 2_000_000 + weight;
      case REVIEW -> 1_000_000 + weight;
      case SCORE -> weight;
    };
  }
}
