package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.features.Feature;
import dev.riskgate.features.FeatureVector;
import org.junit.jupiter.api.Test;

class RuleConditionsTest {
  @Test
  void aRuleFiresOnlyWhenEveryExtraConditionHoldsToo() {
    Rule rule = RulesetParser.parse("""
        version: w1
        thresholds: {review: 1, block: 2}
        rules:
          - id: round-at-night
            description: d
            feature: tx.roundAmount
            operator: "=="
            threshold: 1
            when: [{feature: tx.localHour, operator: between, threshold: [0, 4]}]
            weight: 1
            reason: CASH_OUT_PATTERN
            mode: ENFORCE
        """).rules().get(0);
    assertThat(rule.firesOn(features(1, 3))).isTrue();
    assertThat(rule.firesOn(features(1, 14))).isFalse();
    assertThat(rule.firesOn(features(0, 3))).isFalse();
  }

  @Test
  void conditionsAreCheckedLikeTheRuleItself() {
    assertThatThrownBy(() -> RulesetParser.parse("""
        version: w2
        thresholds: {review: 1, block: 2}
        rules:
          - {id: r, description: d, feature: tx.amount, operator: '>', threshold: 1, weight: 1, reason: RULE,
             mode: ENFORCE, when: [{feature: tx.hour, operator: '<', threshold: 5}]}
        """)).hasMessageContaining("rule 'r' (rules[0]) when[0]: field 'feature': 'tx.hour' is not a feature");
  }

  private static FeatureVector features(double round, double hour) {
    FeatureVector v = new FeatureVector();
    v.set(Feature.TX_ROUND_AMOUNT, round);
    v.set(Feature.TX_LOCAL_HOUR, hour);
    return v;
  }
}
