package dev.riskgate.topology;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.screening.ScreeningRecorder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction gets the status in force at its event time, whatever the order in which the change and the
 * transaction arrive; a change that cannot be read blocks with 96 (fail closed); a change that arrives after a
 * transaction it covers leaves that decision as it was and is counted.
 */
class StatusInEventTimeTest {
  private static final Instant NOW = ScreeningFixture.NOW;
  private final AtomicInteger late = new AtomicInteger();
  private ScreeningFixture fx;

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private void start() throws Exception {
    fx = new ScreeningFixture(Map.of(), new ScreeningRecorder() {
      @Override
      public void decided(Decision decision, long recordTimestampMs, long nowMs) {}

      @Override
      public void deadLettered(ErrorKind kind) {}

      @Override
      public void lateStatusChange() {
        late.incrementAndGet();
      }
    });
  }

  @Test
  void aFreezeReplayedAheadOfEarlierTransactionsDoesNotBlockThem() throws Exception {
    start();
    fx.setStatus(EntityType.CARD, "tok_card1", Status.FROZEN, NOW);

    assertThat(outcomeAt(NOW.minus(Duration.ofMinutes(10)))).isEqualTo(Outcome.ALLOW);
    assertThat(outcomeAt(NOW)).isEqualTo(Outcome.BLOCK);
    assertThat(outcomeAt(NOW.minus(Duration.ofMinutes(5)))).as("earlier event time, later arrival")
        .isEqualTo(Outcome.ALLOW);
    assertThat(late).hasValue(0);
  }

  @Test
  void aLiftAppliesFromItsEffectiveTimeNotBefore() throws Exception {
    start();
    fx.setStatus(EntityType.ACCOUNT, "acc_acct1", Status.FROZEN, NOW.minus(Duration.ofHours(2)));
    fx.setStatus(EntityType.ACCOUNT, "acc_acct1", Status.ACTIVE, NOW.minus(Duration.ofHours(1)));
    fx.setStatus(EntityType.CARD, "tok_card1", Status.LOST, NOW.minus(Duration.ofHours(2)));
    fx.statuses.pipeInput("CARD:tok_card1", (EntityStatus) null, NOW.minus(Duration.ofMinutes(30)));

    Decision between = decisionAt(NOW.minus(Duration.ofMinutes(90)));
    assertThat(between.getReasons()).containsExactly(ReasonCode.CARD_LOST, ReasonCode.ACCOUNT_FROZEN);
    assertThat(decisionAt(NOW.minus(Duration.ofMinutes(45))).getReasons()).containsExactly(ReasonCode.CARD_LOST);
    assertThat(outcomeAt(NOW)).isEqualTo(Outcome.ALLOW);
    assertThat(outcomeAt(NOW.minus(Duration.ofHours(3)))).as("before any change").isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aChangeArrivingAfterATransactionItCoversLeavesThatDecisionAndIsCounted() throws Exception {
    start();
    assertThat(outcomeAt(NOW)).isEqualTo(Outcome.ALLOW);

    fx.setStatus(EntityType.MERCHANT, "mer_shop1", Status.SUSPENDED, NOW.minus(Duration.ofMinutes(1)));
    assertThat(late).as("the merchant's transaction at NOW was decided before the change").hasValue(1);
    fx.setStatus(EntityType.CARD, "tok_other", Status.LOST, NOW.minus(Duration.ofMinutes(1)));
    assertThat(late).as("no transaction of that card was decided").hasValue(1);

    assertThat(decisionAt(NOW).getReasons()).containsExactly(ReasonCode.MERCHANT_SUSPENDED);
  }

  @Test
  void aStatusThatCannotBeReadBlocksWithSystemMalfunctionUntilAReadableChangeSupersedesIt() throws Exception {
    start();
    byte[] unknownSchema = ByteBuffer.allocate(20).put((byte) 0).putInt(987_654).array();
    fx.rawStatuses.pipeInput("CARD:tok_card1", unknownSchema, NOW.minus(Duration.ofHours(1)));

    AuditEvent blocked = auditAt(NOW);
    assertThat(blocked.getDecision().getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(blocked.getDecision().getReasons()).containsExactly(ReasonCode.STATUS_UNREADABLE);
    assertThat(blocked.getDecision().getResponseCode()).isEqualTo("96");
    assertThat(blocked.getDecision().getRetryable()).isTrue();
    assertThat(blocked.getStatuses().get(0).getStatus()).isEqualTo(Status.UNKNOWN);
    assertThat(outcomeAt(NOW.minus(Duration.ofHours(2)))).as("before the unreadable change").isEqualTo(Outcome.ALLOW);

    fx.setStatus(EntityType.CARD, "tok_card1", Status.ACTIVE, NOW.minus(Duration.ofMinutes(10)));
    assertThat(outcomeAt(NOW)).isEqualTo(Outcome.ALLOW);
    assertThat(decisionAt(NOW.minus(Duration.ofMinutes(30))).getReasons())
        .as("between the two, the unreadable one is still in force").containsExactly(ReasonCode.STATUS_UNREADABLE);
  }

  @Test
  void aKnownBlockOutranksAnUnreadableStatusForTheResponseCode() throws Exception {
    start();
    fx.rawStatuses.pipeInput("MERCHANT:mer_shop1", new byte[] {0, 0, 0, 0, 1, 42}, NOW.minus(Duration.ofHours(1)));
    fx.setStatus(EntityType.CARD, "tok_card1", Status.STOLEN, NOW.minus(Duration.ofHours(1)));

    Decision decision = decisionAt(NOW);
    assertThat(decision.getReasons()).containsExactly(ReasonCode.CARD_STOLEN, ReasonCode.STATUS_UNREADABLE);
    assertThat(decision.getResponseCode()).isEqualTo("43");
  }

  private Outcome outcomeAt(Instant eventTime) {
    return decisionAt(eventTime).getOutcome();
  }

  private Decision decisionAt(Instant eventTime) {
    return auditAt(eventTime).getDecision();
  }

  private AuditEvent auditAt(Instant eventTime) {
    fx.send(fx.transaction().setEventTime(eventTime).build());
    AuditEvent audit = fx.audit.readValue();
    assertThat(fx.decisions.readValue()).isEqualTo(audit.getDecision());
    return audit;
  }
}
