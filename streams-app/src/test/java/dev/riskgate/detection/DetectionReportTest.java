package dev.riskgate.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.generate.Label;
import dev.riskgate.rules.RulesetParser;
import dev.riskgate.rules.Rulesets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionReportTest {
  @Test
  void theDefaultRulesetCatchesTheScenariosItHasFeaturesForWithFewFalsePositives() {
    var ruleset = Rulesets.defaultRuleset();
    Map<Label, DetectionReport.Tally> tallies = DetectionReport.run(ruleset, 3, 8_000, 5);

    for (Label label : new Label[] {Label.CARD_TESTING, Label.BIN_ATTACK, Label.IMPOSSIBLE_TRAVEL, Label.CASH_OUT_NIGHT,
        Label.SPLIT_UNDER_LIMIT, Label.AMOUNT_SPIKE, Label.FROZEN_ACCOUNT, Label.LOST_CARD}) {
      assertThat(tallies.get(label).episodeRecall()).as(label.name()).isEqualTo(1.0);
    }
    assertThat(tallies.get(Label.FROZEN_ACCOUNT).recall()).isEqualTo(1.0);
    assertThat(tallies.get(Label.LOST_CARD).recall()).isEqualTo(1.0);
    assertThat(tallies.get(Label.RETRY).retryRecognition()).isEqualTo(1.0);
    assertThat(tallies.get(Label.LEGIT).blockRate()).isLessThanOrEqualTo(0.001);
    assertThat(tallies.get(Label.LEGIT).reviewRate()).isLessThanOrEqualTo(0.01);
    assertThat(DetectionReport.format(ruleset, tallies)).contains("CARD_TESTING").contains("legitimate transactions");
  }

  @Test
  void aRulesetWithoutTravelRulesMissesImpossibleTravel() {
    var permissive = RulesetParser.parse("""
        version: permissive-1
        thresholds: {review: 40, block: 80}
        rules:
          - {id: huge, description: d, feature: tx.amount, operator: '>', threshold: 1000000, weight: 100,
             reason: RULE, mode: ENFORCE}
        """);
    Map<Label, DetectionReport.Tally> tallies = DetectionReport.run(permissive, 3, 4_000, 3);
    assertThat(tallies.get(Label.IMPOSSIBLE_TRAVEL).recall()).isZero();
    assertThat(tallies.get(Label.LOST_CARD).recall()).isEqualTo(1.0); // status blocks need no rule
  }
}
