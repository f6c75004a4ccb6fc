package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.features.Feature;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleEvaluation;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
  private static final Ruleset RULES = RulesetParser.parse("""
      version: test-1
      thresholds: {review: 40, block: 80}
      rules:
        - {id: fast, description: d, feature: card.count.10m, operator: '>', threshold: 5, weight: 50,
           reason: VELOCITY_COUNT, mode: ENFORCE}
        - {id: far, description: d, feature: card.travelKmh, operator: '>', threshold: 900, weight: 40,
           reason: IMPOSSIBLE_TRAVEL, mode: ENFORCE}
        - {id: tiny-burst, description: d, feature: card.smallCount.10m, operator: '>=', threshold: 3,
           action: BLOCK, reason: CARD_TESTING, responseCode: '05', mode: ENFORCE}
        - {id: night, description: d, feature: tx.localHour, operator: between, threshold: [0, 5], weight: 45,
           reason: NIGHT_ACTIVITY, mode: SHADOW}
      """);

  private static FeatureVector features(double count10m, double kmh, double small, double hour) {
    FeatureVector v = new FeatureVector();
    v.set(Feature.CARD_COUNT_10M, count10m);
    v.set(Feature.CARD_TRAVEL_KMH, kmh);
    v.set(Feature.CARD_SMALL_COUNT_10M, small);
    v.set(Feature.TX_LOCAL_HOUR, hour);
    return v;
  }

  @Test
  void nothingFiredAllowsWithApproval() {
    RuleEngine.Result r = RuleEngine.decide(RULES, features(1, 10, 0, 12), List.of());
    assertThat(r.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(r.responseCode()).isEqualTo("00");
    assertThat(r.reasons()).isEmpty();
    assertThat(r.evaluations()).extracting(RuleEvaluation::getRuleId).containsExactly("fast", "far", "tiny-burst",
        "night");
    assertThat(r.evaluations()).allSatisfy(e -> assertThat(e.getFired()).isFalse());
  }

  @Test
  void scoreAtReviewThresholdReviewsAndStillApproves() {
    RuleEngine.Result r = RuleEngine.decide(RULES, features(6, 10, 0, 12), List.of());
    assertThat(r.outcome()).isEqualTo(Outcome.REVIEW);
    assertThat(r.score()).isEqualTo(50);
    assertThat(r.responseCode()).isEqualTo("00");
    assertThat(r.reasons()).containsExactly(ReasonCode.VELOCITY_COUNT);
  }

  @Test
  void weightsAddUpToABlockWithTheStrongestReasonsCode() {
    RuleEngine.Result r = RuleEngine.decide(RULES, features(6, 1_200, 0, 12), List.of());
    assertThat(r.outcome()).isEqualTo(Outcome.BLOCK);
    assertThat(r.score()).isEqualTo(90);
    assertThat(r.reasons()).containsExactly(ReasonCode.VELOCITY_COUNT, ReasonCode.IMPOSSIBLE_TRAVEL);
    assertThat(r.responseCode()).isEqualTo("65");
    assertThat(r.retryable()).isTrue();
  }

  @Test
  void aForcedBlockWinsWithItsOwnResponseCode() {
    RuleEngine.Result r = RuleEngine.decide(RULES, features(6, 10, 3, 12), List.of());
    assertThat(r.outcome()).isEqualTo(Outcome.BLOCK);
    assertThat(r.reasons()).containsExactly(ReasonCode.CARD_TESTING, ReasonCode.VELOCITY_COUNT);
    assertThat(r.responseCode()).isEqualTo("05");
  }

  @Test
  void shadowRulesAreReportedWithTheOutcomeTheyWouldHaveMadeButNeverDecide() {
    RuleEngine.Result r = RuleEngine.decide(RULES, features(6, 10, 0, 3), List.of());
    assertThat(r.outcome()).isEqualTo(Outcome.REVIEW);
    assertThat(r.score()).isEqualTo(50);
    assertThat(r.reasons()).doesNotContain(ReasonCode.NIGHT_ACTIVITY);
    assertThat(r.shadowScore()).isEqualTo(95);
    assertThat(r.shadowOutcome()).isEqualTo(Outcome.BLOCK);
    RuleEvaluation night = r.evaluations().get(3);
    assertThat(night.getFired()).isTrue();
    assertThat(night.getObserved()).isEqualTo(3.0);
    assertThat(night.getThreshold()).isEqualTo(0.0);
    assertThat(night.getRuleVersion()).isEqualTo("test-1");
  }

  @Test
  void statusBlocksComeFirstAndGiveTheResponseCode() {
    RuleEngine.Result r = RuleEngine.decide(RULES, features(6, 10, 0, 12),
        List.of(ReasonCode.ACCOUNT_FROZEN, ReasonCode.CARD_LOST));
    assertThat(r.outcome()).isEqualTo(Outcome.BLOCK);
    assertThat(r.reasons()).containsExactly(ReasonCode.CARD_LOST, ReasonCode.ACCOUNT_FROZEN,
        ReasonCode.VELOCITY_COUNT);
    assertThat(r.responseCode()).isEqualTo("41");
    assertThat(r.retryable()).isFalse();
  }
}
