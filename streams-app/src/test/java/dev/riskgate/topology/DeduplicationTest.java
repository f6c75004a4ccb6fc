package dev.riskgate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.card.SeenTransaction;
import dev.riskgate.features.CardProfile;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.ScreeningNames;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
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
    assertThat(dedupeEntries()).as("only what left the ring, under its id hash")
        .hasSize(6).allMatch(key -> key.startsWith("\u0000#"));

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
  void whatTheCardProfileListsCostsNoDeduplicationStoreEntry() {
    fx.send(fx.transaction().build());
    fx.onlyDecision();
    Transaction original = fx.transaction().setTransactionId("tx_listed").build();
    fx.send(original);
    fx.onlyDecision();
    fx.send(fx.transaction().build());
    fx.onlyDecision();
    assertThat(dedupeEntries()).isEmpty();

    fx.send(original);
    AuditEvent retryAudit = fx.audit.readValue();
    assertThat(fx.decisions.readValue().getRetry()).isTrue();
    assertThat(retryAudit.getOriginalOffset()).isEqualTo(1L);
    assertThat(retryAudit.getInputOffset()).isEqualTo(3L);
  }

  @Test
  void anIdUsedAgainAfterItsWindowIsARetryOfItsNewerUse() {
    Transaction first = fx.transaction().setTransactionId("tx_reused")
        .setEventTime(ScreeningFixture.NOW.minus(Duration.ofHours(2))).build();
    fx.send(first);
    fx.onlyDecision();
    Transaction again = Transaction.newBuilder(first).setEventTime(ScreeningFixture.NOW).build();
    fx.send(again);
    assertThat(fx.onlyDecision().getRetry()).as("two windows later: a new transaction").isFalse();

    fx.send(again);
    AuditEvent retryAudit = fx.audit.readValue();
    assertThat(fx.decisions.readValue().getRetry()).isTrue();
    assertThat(retryAudit.getOriginalOffset()).isEqualTo(1L);
  }

  @Test
  void aTransactionTooOldForAFullProfileIsStillFoundAsAnOriginal() {
    for (int i = 0; i < CardProfile.RING; i++) {
      fx.send(fx.transaction().setEventTime(ScreeningFixture.NOW.minus(Duration.ofMinutes(30 - i))).build());
    }
    fx.decisions.readValuesToList();
    fx.audit.readValuesToList();
    Transaction late = fx.transaction().setTransactionId("tx_late")
        .setEventTime(ScreeningFixture.NOW.minus(Duration.ofMinutes(50))).build();
    fx.send(late);
    assertThat(fx.onlyDecision().getRetry()).isFalse();
    assertThat(dedupeEntries()).hasSize(1);

    fx.send(late);
    assertThat(fx.onlyDecision().getRetry()).isTrue();
  }

  @Test
  void underAtLeastOnceEveryTransactionIsStoredUnderItsId() throws Exception {
    fx.close();
    fx = new ScreeningFixture(Map.of("dedupe.window", "PT1H", "processing.guarantee", "at_least_once"));
    Transaction original = fx.transaction().setTransactionId("tx_alo")
        .setEventTime(ScreeningFixture.NOW.minus(Duration.ofMinutes(40))).build();
    fx.send(original);
    fx.onlyDecision();
    for (int i = 0; i < CardProfile.RING; i++) {
      fx.send(fx.transaction().setEventTime(ScreeningFixture.NOW.minus(Duration.ofMinutes(39 - i))).build());
    }
    fx.decisions.readValuesToList();
    fx.audit.readValuesToList();
    assertThat(dedupeEntries()).hasSize(CardProfile.RING + 1).contains("tx_alo")
        .noneMatch(key -> key.startsWith("\u0000"));

    fx.send(original);
    assertThat(fx.onlyDecision().getRetry()).as("out of the profile: found in the store by id").isTrue();
  }

  @Test
  void aRetryOfATransactionScreenedBeforeProfilesKeptOffsetsIsFoundUnderItsId() {
    // what an earlier version left: a profile listing the original by its String.hashCode, the store keeping it by id
    long eventTime = ScreeningFixture.NOW.minus(Duration.ofMinutes(5)).toEpochMilli();
    ByteBuffer format5 = ByteBuffer.allocate(1 + 1 + 29 + 8 + 24 * 8 + 4 + 16 + 1 + 24 + 8);
    format5.put((byte) 5).put((byte) 1).putLong(eventTime).putFloat(25f).putInt("mer_shop1".hashCode())
        .putInt("trm_t1".hashCode()).put((byte) 0).putInt("tx_before".hashCode()).putShort((short) 0)
        .putShort((short) 5411).putLong(eventTime / 3_600_000L);
    for (int i = 0; i < 24; i++) {
      format5.putInt(0).putFloat(0);
    }
    format5.putInt(1).putDouble(3.2).putDouble(0).put((byte) 0).putDouble(0).putDouble(0).putLong(0)
        .putLong(Long.MIN_VALUE);
    fx.driver.<String, byte[]>getKeyValueStore(ScreeningNames.CARD_PROFILE_STORE).put("tok_card1", format5.array());
    fx.driver.<String, byte[]>getWindowStore(ScreeningNames.DEDUPE_STORE).put("tx_before",
        new SeenTransaction(eventTime, 0, 17).toBytes(), eventTime / 3_600_000L * 3_600_000L);

    // the merchant side has no decision of it here, so it decides it again, marked a retry: the card side knew it
    fx.send(fx.transaction().setTransactionId("tx_before").setEventTime(Instant.ofEpochMilli(eventTime)).build());
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

  private List<String> dedupeEntries() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<Windowed<String>, byte[]> all =
        fx.driver.<String, byte[]>getWindowStore(ScreeningNames.DEDUPE_STORE).all()) {
      all.forEachRemaining(entry -> keys.add(entry.key.key()));
    }
    return keys;
  }
}
