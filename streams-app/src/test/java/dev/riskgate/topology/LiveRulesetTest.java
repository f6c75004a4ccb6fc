package dev.riskgate.topology;

import dev.riskgate.rules.Rulesets;
import dev.riskgate.rulesets.ActiveRuleset;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.screening.ScreeningNames;
import dev.riskgate.screening.ScreeningRecorder;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class LiveRulesetTest {
  static final String STRICT = """
      version: strict-1
      thresholds: {review: 40, block: 80}
      rules:
        - {id: any-amount, description: every amount above 10, feature: tx.amount, operator: '>', threshold: 10,
           action: BLOCK, reason: RULE, responseCode: '05', mode: ENFORCE}
      """;
  private static final String SHADOW = """
      version: shadow-1
      thresholds: {review: 40, block: 80}
      rules:
        - {id: any-amount-shadow, description: every amount above 10, feature: tx.amount, operator: '>',
           threshold: 10, action: BLOCK, reason: RULE, mode: SHADOW}
      """;
  private ScreeningFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ScreeningFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void theShippedDefaultIsInForceUntilARulesetIsPublished() {
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getRulesetVersion()).isEqualTo(Rulesets.defaultRuleset().version());
  }

  @Test
  void aPublishedRulesetDecidesTheVeryNextTransaction() {
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getOutcome()).isEqualTo(Outcome.ALLOW);

    fx.publishRuleset("strict-1", STRICT);
    fx.send(fx.transaction().build());
    Decision decision = fx.onlyDecision();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(decision.getRulesetVersion()).isEqualTo("strict-1");
    assertThat(decision.getReasons()).containsExactly(ReasonCode.RULE);
    assertThat(decision.getResponseCode()).isEqualTo("05");
  }

  @Test
  void aBrokenRulesetOnTheTopicIsRefusedAndThePreviousStaysInForce() {
    fx.publishRuleset("strict-1", STRICT);
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getRulesetVersion()).isEqualTo("strict-1");

    fx.publishRuleset("broken-2", "version: broken-2\nthresholds: {review: 1}\nrules: []\n");
    fx.send(fx.transaction().build());
    Decision decision = fx.onlyDecision();
    assertThat(decision.getRulesetVersion()).isEqualTo("strict-1");
    assertThat(decision.getOutcome()).isEqualTo(Outcome.BLOCK);
  }

  @Test
  void aRefusedRulesetIsReportedAndTheNextValidOneGoesInForce() throws Exception {
    AtomicInteger refused = new AtomicInteger();
    fx.close();
    fx = new ScreeningFixture(java.util.Map.of(), new ScreeningRecorder() {
      @Override
      public void decided(Decision decision, long recordTimestampMs, long nowMs) {}

      @Override
      public void deadLettered(dev.riskgate.schema.ErrorKind kind) {}

      @Override
      public void rulesetRefused() {
        refused.incrementAndGet();
      }
    });
    fx.publishRuleset("broken-1", "version: broken-1\nrules: []\n");
    assertThat(refused).hasValue(1);
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getRulesetVersion()).as("nothing valid published: the shipped default")
        .isEqualTo(dev.riskgate.rules.Rulesets.defaultRuleset().version());

    fx.publishRuleset("strict-1", STRICT);
    fx.publishRuleset("broken-2", "version: broken-2\nrules: []\n");
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getRulesetVersion()).isEqualTo("strict-1");
    assertThat(refused).hasValue(2);
    assertThat(fx.driver.getKeyValueStore(ScreeningNames.RULESET_STORE).get(ActiveRuleset.REFUSED_KEY))
        .as("the refused publication is kept for the API to report").isNotNull();

    fx.publishRuleset("strict-3", STRICT.replace("strict-1", "strict-3"));
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getRulesetVersion()).isEqualTo("strict-3");
    assertThat(fx.driver.getKeyValueStore(ScreeningNames.RULESET_STORE).get(ActiveRuleset.REFUSED_KEY)).isNull();
  }

  @Test
  void aShadowRuleIsReportedWithTheOutcomeItWouldHaveMadeAndDecidesNothing() {
    fx.publishRuleset("shadow-1", SHADOW);
    fx.send(fx.transaction().build());
    AuditEvent audit = fx.audit.readValue();
    assertThat(audit.getDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
    assertThat(audit.getDecision().getReasons()).isEmpty();
    assertThat(audit.getShadowOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(audit.getRules()).singleElement().satisfies(r -> {
      assertThat(r.getFired()).isTrue();
      assertThat(r.getMode().name()).isEqualTo("SHADOW");
    });
  }

  @Test
  void aRetryAfterARulesetChangeStillGetsTheOriginalAnswer() {
    var original = fx.transaction().build();
    fx.send(original);
    assertThat(fx.onlyDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
    fx.publishRuleset("strict-1", STRICT);
    fx.send(original);
    Decision retry = fx.onlyDecision();
    assertThat(retry.getRetry()).isTrue();
    assertThat(retry.getOutcome()).isEqualTo(Outcome.ALLOW);
    assertThat(retry.getRulesetVersion()).isEqualTo(Rulesets.defaultRuleset().version());
  }
}
