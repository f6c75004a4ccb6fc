package dev.riskgate.rules;

import dev.riskgate.features.Feature;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleMode;

/**
 * One rule of a ruleset: when {@code feature operator threshold} holds, and every condition in {@code when} too, the
 * rule fires and adds its weight to the score, or forces its action (REVIEW or BLOCK). SHADOW rules are evaluated
 * and reported, never enforced.
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
    RuleMode mode,
    java.util.List<Condition> when) {

  /** An extra condition that must hold too: {@code when: [{feature: tx.localHour, operator: between, ...}]}. */
  public record Condition(Feature feature, Operator operator, double threshold, double thresholdHigh) {
    boolean holds(dev.riskgate.features.FeatureVector features) {
      return operator.holds(features.get(feature), threshold, thresholdHigh);
    }
  }

  /** Whether the rule fires: its own comparison and every condition in {@code when}. */
  public boolean firesOn(dev.riskgate.features.FeatureVector features) {
    if (!firesOn(features.get(feature))) {
      return false;
    }
    for (Condition condition : when) {
      if (!condition.holds(features)) {
        return false;
      }
    }
    return true;
  }

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
