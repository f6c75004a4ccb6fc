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

  private static final String RULES = "version: v\nthresholds: {review: 40, block: 80}\nrules:\n"
      + "  - {id: r, description: d, feature: tx.amount, operator: '>', threshold: 1, weight: 1, reason: RULE,"
      + " mode: ENFORCE}\n";

  @Test
  void aCurrenciesBlockIsReadAndEveryMistakeInItNamed() {
    var table = RulesetParser.parse(RULES + """
        currencies:
          reference: EUR
          tinyBelow: 1.5
          roundLimits: [1000, 5000]
          nearLimitBand: 0.1
          rates:
            EUR: 1
            JPY: 0.006
            GBP: {rate: 1.2, limits: [300, 600]}
            BHD: {rate: 2.4, minorDigits: 3}
        """).currencies();
    assertThat(table.codes()).containsExactly("EUR", "JPY", "GBP", "BHD");
    assertThat(table.limitsOf("JPY")).containsExactly(100_000, 500_000);
    assertThat(table.limitsOf("GBP")).containsExactly(300, 600);
    assertThat(table.ownUnits(1_234, table.slotOf("BHD"))).isEqualTo(1.234);
    assertThat(table.knows("USD")).as("not listed: refused, not counted at par").isFalse();
    assertThatThrownBy(() -> RulesetParser.parse(RULES + """
        currencies:
          reference: EUR
          tinyBelow: 0
          roundLimits: [5000, 1000]
          nearLimitBand: 0.7
          colour: blue
          rates:
            EUR: 1.1
            XYZ: 1
            JPY: {rate: -1, minorDigits: 9}
        """)).isInstanceOfSatisfying(RulesetException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "currencies: field 'colour': unknown (known: " + String.join(", ", fieldsOf(e)) + ")",
            "currencies: field 'tinyBelow': '0' is not a number > 0",
            "currencies: field 'roundLimits': not ascending at [1] (1000)",
            "currencies: field 'nearLimitBand': 0.7 is not a fraction under 0.5 (0.05 = 5% under)",
            "currencies.rates.XYZ: 'XYZ' is not an ISO 4217 code",
            "currencies.rates.JPY: field 'minorDigits': '9' is not a whole number 0-4",
            "currencies.rates.JPY: rate: '-1' is not a number > 0",
            "currencies: field 'rates': the reference currency EUR must be listed at rate 1"));
  }

  /** The known fields as the message lists them (a set's order). */
  private static java.util.List<String> fieldsOf(RulesetException e) {
    String message = e.problems().stream().filter(p -> p.contains("'colour'")).findFirst().orElseThrow();
    return java.util.List.of(message.substring(message.indexOf("known: ") + 7, message.length() - 1).split(", "));
  }

  @Test
  void aDocumentWithoutCurrenciesReadsAmountsWithTheShippedTables() {
    var shipped = Rulesets.defaultRuleset().currencies();
    var table = RulesetParser.parse(RULES).currencies();
    assertThat(table.codes()).isEqualTo(shipped.codes()).contains("USD", "EUR", "JPY", "KRW", "GBP", "CNY");
    assertThat(table.limitsOf("KRW")).contains(1_000_000);
  }
}
