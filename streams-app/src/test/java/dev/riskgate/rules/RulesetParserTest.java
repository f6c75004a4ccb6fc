package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.features.Feature;
import dev.riskgate.schema.RuleMode;
import dev.riskgate.validation.BadInputs;
import org.junit.jupiter.api.Test;

class RulesetParserTest {
  @Test
  void theDefaultRulesetIsValidAndCoversEveryFraudPattern() {
    Ruleset ruleset = Rulesets.defaultRuleset();
    assertThat(ruleset.version()).isNotBlank();
    assertThat(ruleset.reviewAt()).isLessThan(ruleset.blockAt());
    assertThat(ruleset.rules()).extracting(Rule::id).doesNotHaveDuplicates().contains("card-testing-small-burst",
        "velocity-count-10m", "impossible-travel", "large-after-tiny", "just-under-limit-splits", "round-amount");
    assertThat(ruleset.rules()).allSatisfy(r -> assertThat(r.description()).isNotBlank());
  }

  @Test
  void readsJsonAsWellAsYaml() {
    Ruleset ruleset = RulesetParser.parse("""
        {"version": "j1", "thresholds": {"review": 10, "block": 20},
         "rules": [{"id": "r1", "description": "d", "feature": "card.count.1m", "operator": "between",
                    "threshold": [2, 5], "action": "BLOCK", "reason": "VELOCITY_COUNT", "mode": "SHADOW"}]}
        """);
    Rule rule = ruleset.rules().get(0);
    assertThat(rule.feature()).isEqualTo(Feature.CARD_COUNT_1M);
    assertThat(rule.operator()).isEqualTo(Operator.BETWEEN);
    assertThat(rule.firesOn(2)).isTrue();
    assertThat(rule.firesOn(5)).isTrue();
    assertThat(rule.firesOn(5.5)).isFalse();
    assertThat(rule.action()).isEqualTo(Rule.Action.BLOCK);
    assertThat(rule.mode()).isEqualTo(RuleMode.SHADOW);
  }

  @Test
  void refusesABadRulesetNamingEveryRuleAndFieldAtFault() {
    assertThatThrownBy(() -> RulesetParser.parse("""
        version: bad-1
        thresholds: {review: 50, block: 40}
        rules:
          - id: fast
            description: too fast
            feature: card.count.2m
            operator: "=>"
            threshold: 3
            weight: 10
            reason: VELOCITY_COUNT
            mode: ENFORCE
          - id: fast
            description: again
            feature: card.count.1m
            operator: ">"
            threshold: lots
            reason: NOT_A_REASON
            mode: LOUD
            colour: red
        """))
        .isInstanceOf(RulesetException.class)
        .satisfies(e -> assertThat(((RulesetException) e).problems()).hasSize(8)
            .anySatisfy(p -> assertThat(p).isEqualTo("thresholds: review (50) must be below block (40)"))
            .anySatisfy(p -> assertThat(p).startsWith(
                "rule 'fast' (rules[0]): field 'feature': 'card.count.2m' is not a feature (known: tx.amount,"))
            .anySatisfy(p -> assertThat(p).isEqualTo(
                "rule 'fast' (rules[0]): field 'operator': '=>' is not one of >, >=, <, <=, ==, !=, between"))
            .anySatisfy(p -> assertThat(p).startsWith("rule 'fast' (rules[1]): field 'colour': unknown (known:"))
            .anySatisfy(p -> assertThat(p).isEqualTo("rule 'fast' (rules[1]): field 'threshold': 'lots' is not a number"))
            .anySatisfy(p -> assertThat(p).isEqualTo(
                "rule 'fast' (rules[1]): field 'weight': required unless the rule has an action (REVIEW or BLOCK)"))
            .anySatisfy(p -> assertThat(p).startsWith(
                "rule 'fast' (rules[1]): field 'reason': 'NOT_A_REASON' is not one of UNKNOWN, ACCOUNT_FROZEN"))
            .anySatisfy(p -> assertThat(p).isEqualTo(
                "rule 'fast' (rules[1]): field 'mode': 'LOUD' is not one of ENFORCE, SHADOW")));
  }

  @Test
  void refusesDuplicateIdsAndDocumentsThatAreNotRulesets() {
    String rule = "{id: a, description: d, feature: tx.amount, operator: '>', threshold: 1, weight: 1,"
        + " reason: RULE, mode: ENFORCE}";
    assertThatThrownBy(() -> RulesetParser.parse("version: v\nthresholds: {review: 1, block: 2}\nrules: ["
        + rule + ", " + rule + "]"))
        .hasMessageContaining("rule 'a' (rules[1]): field 'id': used by an earlier rule too");
    assertThatThrownBy(() -> RulesetParser.parse("- just a list")).hasMessageContaining("must be a mapping");
    assertThatThrownBy(() -> RulesetParser.parse("version: [unclosed")).hasMessageContaining("not YAML or JSON");
  }

  @Test
  void refusesADocumentHoldingACardNumberAnywhereAndMasksItInTheReason() {
    String pan = BadInputs.withCheckDigit("411111111111111");
    String grouped = pan.substring(0, 4) + " " + pan.substring(4, 8) + " " + pan.substring(8, 12) + " "
        + pan.substring(12);
    String rule = "{id: a, description: d, feature: tx.amount, operator: '>', threshold: 1, weight: 1,"
        + " reason: RULE, mode: ENFORCE}";
    String document = "version: v\n# asked for by the holder of " + grouped + "\nthresholds: {review: 1, block: 2}\n"
        + "rules: [" + rule + "]";
    assertThatThrownBy(() -> RulesetParser.parse(document))
        .hasMessageContaining("line 2 carries a card number")
        .hasMessageNotContaining(grouped).hasMessageContaining("**** **** **** " + pan.substring(12));
    assertThat(RulesetParser.parse(document.replace(grouped, "tok_" + pan + "f")).version()).isEqualTo("v");
  }
}
