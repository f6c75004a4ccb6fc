package dev.riskgate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.features.CardProfile;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicationTest {
  private ScreeningFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ScreeningFixture(Map.of("dedupe.window", "PT1H"));
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void retryGetsTheOriginalDecisionMarkedAsRetryAndPointingAtTheOriginal() {
    fx.setStatus(EntityType.CARD, "tok_card1", Status.LOST);
    Transaction original = fx.transaction().setTransactionId("tx_same").build();
    fx.send(original);
    Decision first = fx.onlyDecision();

    fx.send(original);
    AuditEvent retryAudit = fx.audit.readValue();
    Decision retry = fx.decisions.readValue();

    assertThat(retry.getRetry()).isTrue();
    assertThat(first.getRetry()).isFalse();
    assertThat(retry.getOutcome()).isEqualTo(first.getOutcome());
    assertThat(retry.getResponseCode()).isEqualTo(first.getResponseCode());
    assertThat(retry.getReasons()).isEqualTo(first.getReasons());
    assertThat(retry.getDecidedAt()).isEqualTo(first.getDecidedAt());
    assertThat(retryAudit.getOriginalPartition()).isZero();
    assertThat(retryAudit.getOriginalOffset()).isZero();
    assertThat(retryAudit.getInputOffset()).isEqualTo(1L);
  }

  @Test
  void retryKeepsTheOriginalOutcomeEvenAfterTheStatusChanged() {
    Transaction original = fx.transaction().setTransactionId("tx_before_freeze").build();
    fx.send(original);
    assertThat(fx.onlyDecision().getOutcome()).isEqualTo(Outcome.ALLOW);

    fx.setStatus(EntityType.ACCOUNT, "acc_acct1", Status.FROZEN);
    fx.send(original);
    Decision retry = fx.onlyDecision();
    assertThat(retry.getRetry()).isTrue();
    assertThat(retry.getOutcome()).isEqualTo(Outcome.ALLOW);

    fx.send(fx.transaction().setTransactionId("tx_after_freeze").build());
    assertThat(fx.onlyDecision().getOutcome()).isEqualTo(Outcome.BLOCK);
  }

  @Test
  void retryWithAShiftedEventTimeInsideTheWindowIsStillARetry() {
    Transaction original = fx.transaction().setTransactionId("tx_shift")
        .setEventTime(ScreeningFixture.NOW.minus(Duration.ofMinutes(10))).build();
    fx.send(original);
    fx.onlyDecision();
    fx.send(Transaction.newBuilder(original).setEventTime(ScreeningFixture.NOW).build());
    assertThat(fx.onlyDecision().getRetry()).isTrue();
  }

  @Test
  void sameIdBeyondTheWindowIsDecidedAfresh() {
    Transaction original = fx.transaction().setTransactionId("tx_old")
        .setEventTime(ScreeningFixture.NOW.minus(Duration.ofHours(5))).build();
    fx.send(original);
    fx.onlyDecision();
    // stream time moves on well past the window, so the first decision has expired
    fx.send(fx.transaction().setTransactionId("tx_now").build());
    fx.onlyDecision();

    fx.send(original);
    assertThat(fx.onlyDecision().getRetry()).isFalse();
  }

  @Test
  void retryOfATransactionTheCardProfileNoLongerListsIsStillARetry() {
    Transaction original = fx.transaction().setTransactionId("tx_first")
        .setEventTime(ScreeningFixture.NOW.minus(Duration.ofMinutes(40))).build();
    fx.send(original);
    Decision first = fx.onlyDecision();
    // more of the card's transactions than its profile lists, so the original drops out of the profile
    for (int i = 0; i < CardProfile.RING + 5; i++) {
      fx.send(fx.transaction().setEventTime(ScreeningFixture.NOW.minus(Duration.ofMinutes(39 - i))).build());
    }
    assertThat(fx.decisions.readValuesToList()).hasSize(CardProfile.RING + 5).noneMatch(Decision::getRetry);
    fx.audit.readValuesToList();

    fx.send(original);
    Decision retry = fx.onlyDecision();
    assertThat(retry.getRetry()).isTrue();
    assertThat(retry.getDecidedAt()).isEqualTo(first.getDecidedAt());
  }

  @Test
  void retryIsRecognisedWhenProfilesMayBeSweptBeforeDecisionsExpire() throws Exception {
    fx.close();
    // a TTL shorter than the decision memory's retention: the profile can no longer vouch for a new id
    fx = new ScreeningFixture(Map.of("dedupe.window", "PT1H", "profile.idle.ttl", "PT2H"));
    Transaction original = fx.transaction().setTransactionId("tx_short_ttl").build();
    fx.send(original);
    fx.onlyDecision();
    fx.send(original);
    assertThat(fx.onlyDecision().getRetry()).isTrue();
  }

  @Test
  void distinctTransactionsOfOneCardAreNeverRetries() {
    for (int i = 0; i < 20; i++) {
      fx.send(fx.transaction().build());
    }
    assertThat(fx.decisions.readValuesToList()).hasSize(20).noneMatch(Decision::getRetry);
    assertThat(fx.audit.getQueueSize()).isEqualTo(20);
  }
}
