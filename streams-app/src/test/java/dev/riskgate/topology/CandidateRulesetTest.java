package dev.riskgate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CandidateRulesetTest {
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
  void withNoCandidatePublishedNothingGoesToCandidateDecisions() {
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
    assertThat(fx.candidateDecisions.isEmpty()).isTrue();
  }

  @Test
  void aCandidateDecidesEveryTransactionBesideTheRulesetInForceAndChangesNothingDownstream() {
    fx.publishCandidate("strict-1", LiveRulesetTest.STRICT);
    Transaction tx = fx.transaction().build();
    fx.send(tx);
    Decision inForce = fx.onlyDecision();
    assertThat(inForce.getOutcome()).isEqualTo(Outcome.ALLOW);
    assertThat(inForce.getRulesetVersion()).isEqualTo(Rulesets.defaultRuleset().version());
    Decision candidate = fx.candidateDecisions.readValue();
    assertThat(candidate.getTransactionId()).isEqualTo(tx.getTransactionId());
    assertThat(candidate.getRulesetVersion()).isEqualTo("strict-1");
    assertThat(candidate.getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(candidate.getResponseCode()).isEqualTo("05");
    assertThat(fx.candidateDecisions.isEmpty()).as("one candidate decision per transaction").isTrue();
  }

  @Test
  void aRetryGetsTheCandidatesOriginalAnswerEvenAfterTheCandidateChanges() {
    fx.publishCandidate("strict-1", LiveRulesetTest.STRICT);
    Transaction tx = fx.transaction().build();
    fx.send(tx);
    fx.onlyDecision();
    assertThat(fx.candidateDecisions.readValue().getOutcome()).isEqualTo(Outcome.BLOCK);

    fx.publishCandidate("lenient-2", Rulesets.defaultDocument().replaceFirst("(?m)^version: .*$",
        "version: lenient-2"));
    fx.send(tx);
    assertThat(fx.onlyDecision().getRetry()).isTrue();
    Decision retry = fx.candidateDecisions.readValue();
    assertThat(retry.getRetry()).isTrue();
    assertThat(retry.getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(retry.getRulesetVersion()).isEqualTo("strict-1");

    fx.send(fx.transaction().build());
    fx.onlyDecision();
    assertThat(fx.candidateDecisions.readValue().getRulesetVersion()).isEqualTo("lenient-2");
  }

  @Test
  void aWithdrawnCandidateStopsDecidingAndARefusedOneLeavesTheCandidateAsItWas() {
    fx.publishCandidate("strict-1", LiveRulesetTest.STRICT);
    fx.publishCandidate("broken-2", "version: broken-2\nrules: []\n");
    fx.send(fx.transaction().build());
    fx.onlyDecision();
    assertThat(fx.candidateDecisions.readValue().getRulesetVersion()).isEqualTo("strict-1");

    fx.rulesets.pipeInput("candidate", null);
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getRulesetVersion()).as("the ruleset in force is untouched")
        .isEqualTo(Rulesets.defaultRuleset().version());
    assertThat(fx.candidateDecisions.isEmpty()).isTrue();
  }
}
