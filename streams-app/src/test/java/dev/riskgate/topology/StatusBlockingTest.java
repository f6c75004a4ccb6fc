package dev.riskgate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.screening.ScreeningNames;
import dev.riskgate.validation.BadInputs;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusBlockingTest {
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
  void allowsTransactionWhenCardAccountAndMerchantAreActive() {
    fx.send(fx.transaction().setTransactionId("tx_clean").build());

    AuditEvent audit = fx.audit.readValue();
    assertThat(audit.getDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
    assertThat(audit.getDecision().getResponseCode()).isEqualTo("00");
    assertThat(audit.getDecision().getReasons()).isEmpty();
    assertThat(audit.getDecision().getRetry()).isFalse();
    assertThat(audit.getStatuses()).extracting(s -> s.getEntityType() + "=" + s.getStatus())
        .containsExactly("CARD=ACTIVE", "ACCOUNT=ACTIVE", "MERCHANT=ACTIVE");
    assertThat(audit.getInputTopic()).isEqualTo("transactions");
    assertThat(audit.getInputOffset()).isZero();
    assertThat(audit.getInstanceId()).isEqualTo("test-instance");
    assertThat(fx.decisions.readValue().getTransactionId()).isEqualTo("tx_clean");
  }

  static Stream<Arguments> blockingStatuses() {
    return Stream.of(
        Arguments.of(EntityType.CARD, "tok_card1", Status.LOST, ReasonCode.CARD_LOST, "41", false),
        Arguments.of(EntityType.CARD, "tok_card1", Status.STOLEN, ReasonCode.CARD_STOLEN, "43", false),
        Arguments.of(EntityType.CARD, "tok_card1", Status.CLOSED, ReasonCode.CARD_CLOSED, "46", false),
        Arguments.of(EntityType.CARD, "tok_card1", Status.FROZEN, ReasonCode.CARD_FROZEN, "62", false),
        Arguments.of(EntityType.CARD, "tok_card1", Status.RESTRICTED, ReasonCode.CARD_RESTRICTED, "62", false),
        Arguments.of(EntityType.CARD, "tok_card1", Status.SUSPENDED, ReasonCode.CARD_SUSPENDED, "62", false),
        Arguments.of(EntityType.ACCOUNT, "acc_acct1", Status.FROZEN, ReasonCode.ACCOUNT_FROZEN, "57", false),
        Arguments.of(EntityType.ACCOUNT, "acc_acct1", Status.CLOSED, ReasonCode.ACCOUNT_CLOSED, "46", false),
        Arguments.of(EntityType.ACCOUNT, "acc_acct1", Status.RESTRICTED, ReasonCode.ACCOUNT_RESTRICTED, "57", false),
        Arguments.of(EntityType.ACCOUNT, "acc_acct1", Status.SUSPENDED, ReasonCode.ACCOUNT_SUSPENDED, "57", false),
        Arguments.of(EntityType.ACCOUNT, "acc_acct1", Status.LOST, ReasonCode.ACCOUNT_RESTRICTED, "57", false),
        Arguments.of(EntityType.MERCHANT, "mer_shop1", Status.SUSPENDED, ReasonCode.MERCHANT_SUSPENDED, "03", false),
        Arguments.of(EntityType.MERCHANT, "mer_shop1", Status.CLOSED, ReasonCode.MERCHANT_CLOSED, "03", false),
        Arguments.of(EntityType.MERCHANT, "mer_shop1", Status.FROZEN, ReasonCode.MERCHANT_FROZEN, "03", false),
        Arguments.of(EntityType.MERCHANT, "mer_shop1", Status.RESTRICTED, ReasonCode.MERCHANT_RESTRICTED, "03",
            false),
        Arguments.of(EntityType.CARD, "tok_card1", Status.UNKNOWN, ReasonCode.CARD_RESTRICTED, "62", false));
  }

  @ParameterizedTest(name = "{0} {2} -> {3} ({4})")
  @MethodSource("blockingStatuses")
  void blocksWithTheReasonAndResponseCodeOfTheStatus(EntityType type, String id, Status status, ReasonCode reason,
      String responseCode, boolean retryable) {
    fx.setStatus(type, id, status);
    fx.send(fx.transaction().build());

    Decision decision = fx.onlyDecision();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(decision.getReasons()).containsExactly(reason);
    assertThat(decision.getResponseCode()).isEqualTo(responseCode);
    assertThat(decision.getRetryable()).isEqualTo(retryable);
  }

  @Test
  void listsEveryBlockingReasonStrongestFirstAndAnswersWithTheStrongestCode() {
    fx.setStatus(EntityType.MERCHANT, "mer_shop1", Status.SUSPENDED);
    fx.setStatus(EntityType.ACCOUNT, "acc_acct1", Status.FROZEN);
    fx.setStatus(EntityType.CARD, "tok_card1", Status.STOLEN);
    fx.send(fx.transaction().build());

    Decision decision = fx.onlyDecision();
    assertThat(decision.getReasons())
        .containsExactly(ReasonCode.CARD_STOLEN, ReasonCode.ACCOUNT_FROZEN, ReasonCode.MERCHANT_SUSPENDED);
    assertThat(decision.getResponseCode()).isEqualTo("43");
  }

  @Test
  void allowsAgainOnceTheBlockIsLifted() {
    fx.setStatus(EntityType.ACCOUNT, "acc_acct1", Status.FROZEN);
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getOutcome()).isEqualTo(Outcome.BLOCK);

    fx.setStatus(EntityType.ACCOUNT, "acc_acct1", Status.ACTIVE);
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void tombstoneOnEntityStatusRemovesTheBlock() {
    fx.setStatus(EntityType.CARD, "tok_card1", Status.LOST);
    // a tombstone lifts from its record timestamp
    fx.statuses.pipeInput("CARD:tok_card1", (dev.riskgate.schema.EntityStatus) null, ScreeningFixture.NOW);
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aCardNumberInAStatusTextIsKeptMaskedAndTheStatusStillApplies() {
    java.util.Random random = new java.util.Random(5);
    // 26 characters: the string's Avro length is the byte '4', a digit right before the card number
    String reason = BadInputs.pan(random, 16) + " lost card";
    String source = "agent " + BadInputs.grouped(BadInputs.pan(random, 15), " ");
    pipeStatus(Status.STOLEN, reason, source, 120);
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getReasons()).containsExactly(ReasonCode.CARD_STOLEN);
    assertThat(storedHistory()).contains("lost card").contains("agent ****").doesNotContain(reason);

    pipeStatus(Status.ACTIVE, "found, " + reason, source, 60); // a lifted block with a card number in its text
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getOutcome()).as("the block is lifted, not failed closed").isEqualTo(Outcome.ALLOW);
    assertThat(PanDetector.containsPan(storedHistory())).as(storedHistory()).isFalse();
  }

  private void pipeStatus(Status status, String reason, String source, int secondsAgo) {
    java.time.Instant at = ScreeningFixture.NOW.minusSeconds(secondsAgo);
    fx.statuses.pipeInput("CARD:tok_card1", dev.riskgate.schema.EntityStatus.newBuilder()
        .setEntityType(EntityType.CARD).setEntityId("tok_card1").setStatus(status).setReason(reason)
        .setEffectiveTime(at).setSource(source).build(), at);
  }

  private String storedHistory() {
    byte[] history = fx.driver.<String, byte[]>getKeyValueStore(ScreeningNames.STATUS_STORE).get("CARD:tok_card1");
    return new String(history, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Test
  void statusOfAnotherEntityDoesNotBlock() {
    fx.setStatus(EntityType.ACCOUNT, "acc_other", Status.CLOSED);
    fx.send(fx.transaction().build());
    assertThat(fx.onlyDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void auditRecordsTheStatusesConsulted() {
    fx.setStatus(EntityType.ACCOUNT, "acc_acct1", Status.FROZEN);
    fx.send(fx.transaction().build());
    AuditEvent audit = fx.audit.readValue();
    assertThat(audit.getStatuses()).extracting(s -> s.getEntityType() + "=" + s.getStatus())
        .containsExactly("CARD=ACTIVE", "ACCOUNT=FROZEN", "MERCHANT=ACTIVE");
    assertThat(audit.getStatuses().get(1).getEffectiveTime()).isNotNull();
    assertThat(List.of(audit.getDecision().getReasons().get(0))).containsExactly(ReasonCode.ACCOUNT_FROZEN);
  }
}
