package dev.riskgate.topology;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.ScreeningNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static dev.riskgate.topology.ScreeningFixture.feature;
import static dev.riskgate.topology.ScreeningFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merchant features (folded on the merchant-keyed side and read there by the next transaction of the merchant),
 * their rules in the default ruleset, and the ageing of idle profiles, with explicit event times. Every
 * payment uses a card of its own so that no card rule muddles the merchant's.
 */
class MerchantFeaturesTopologyTest {
  private static final Instant T = ScreeningFixture.NOW.minus(Duration.ofHours(2));
  private ScreeningFixture fx;
  private int cards;

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private ScreeningFixture fixture(Map<String, String> settings) throws Exception {
    fx = new ScreeningFixture(settings);
    return fx;
  }

  /** A payment by a card never seen before. */
  private Transaction.Builder newCard() {
    String card = "tok_c" + (++cards);
    return fx.transaction().setCardToken(card).setAccountId("acc_" + card);
  }

  private AuditEvent pay(String merchant, String terminal, long amountMinor, Instant time) {
    return fx.screenAt(newCard().setMerchantId(merchant).setTerminalId(terminal).setAmountMinor(amountMinor), time);
  }

  @Test
  void aMerchantsFeaturesReachItsNextTransactionAndANewMerchantReadsZero() throws Exception {
    fixture(Map.of());
    AuditEvent first = pay("mer_a", "trm_a1", 2_500, T);
    assertThat(feature(first, "merchant.transactions")).isZero();
    assertThat(feature(first, "merchant.count.1h")).isZero();
    AuditEvent second = pay("mer_a", "trm_a1", 2_500, T.plusSeconds(90));
    assertThat(feature(second, "merchant.transactions")).isEqualTo(1);
    assertThat(feature(second, "merchant.count.1h")).isEqualTo(1);
    assertThat(feature(second, "merchant.sum.1h")).isCloseTo(27.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(feature(second, "merchant.ageDays")).isCloseTo(90.0 / 86_400, org.assertj.core.data.Offset.offset(1e-6));
    AuditEvent twoHoursLater = pay("mer_a", "trm_a1", 2_500, T.plus(Duration.ofHours(2)).minusSeconds(1));
    assertThat(feature(twoHoursLater, "merchant.transactions")).isEqualTo(2);
    assertThat(feature(twoHoursLater, "merchant.count.1h")).as("the hour counted has passed").isZero();
  }

  @Test
  void featuresArePublishedAtMostOnceAMinuteOfEventTimePerMerchant() throws Exception {
    fixture(Map.of());
    for (int i = 0; i < 10; i++) {
      pay("mer_a", "trm_a1", 2_500, T.plusSeconds(i * 5L));
      pay("mer_b", "trm_b1", 2_500, T.plusSeconds(i * 5L));
    }
    assertThat(fx.merchantFeatures.readKeyValuesToList()).extracting(kv -> kv.key)
        .containsExactly("mer_a", "mer_b");
    pay("mer_a", "trm_a1", 2_500, T.plusSeconds(60));
    var published = fx.merchantFeatures.readValuesToList();
    assertThat(published).hasSize(1);
    assertThat(published.get(0).getTransactionsSeen()).isEqualTo(11);
  }

  @Test
  void aLargeNightTicketAtAMerchantWithoutNightTrafficCounts() throws Exception {
    fixture(Map.of());
    Instant morning = Instant.parse("2026-11-25T08:00:00Z"); // 09:00 in Paris
    for (int i = 0; i < 20; i++) {
      pay("mer_day", "trm_d1", 4_000, morning.plus(Duration.ofMinutes(i * 27L)));
      // a bar: half of its traffic between midnight and 06:00
      pay("mer_bar", "trm_b1", 4_000, morning.plus(Duration.ofHours(i % 2 == 0 ? 16 : 4)).plusSeconds(i * 120L));
    }
    Instant threeAm = Instant.parse("2026-11-26T02:00:00Z");
    AuditEvent atDayShop = pay("mer_day", "trm_d1", 15_000, threeAm);
    assertThat(feature(atDayShop, "tx.localHour")).isEqualTo(3);
    assertThat(feature(atDayShop, "merchant.nightShare")).isZero();
    assertThat(rule(atDayShop, "night-ticket-at-day-merchant").getFired()).isTrue();
    assertThat(atDayShop.getDecision().getScore()).isEqualTo(30); // a contributing signal, not a review by itself
    assertThat(rule(atDayShop, "night-ticket").getFired()).as("shadow rule evaluated too").isTrue();

    AuditEvent atBar = pay("mer_bar", "trm_b1", 15_000, threeAm);
    assertThat(feature(atBar, "merchant.nightShare")).isBetween(0.4, 0.6);
    assertThat(rule(atBar, "night-ticket-at-day-merchant").getFired()).isFalse();
    AuditEvent smallTicket = pay("mer_day", "trm_d1", 2_000, threeAm.plusSeconds(60));
    assertThat(rule(smallTicket, "night-ticket-at-day-merchant").getFired()).isFalse();
  }

  @Test
  void aTicketFarAboveItsCategoryNormIsAMismatch() throws Exception {
    fixture(Map.of());
    AuditEvent grocery = fx.screenAt(newCard().setMcc("5411").setAmountMinor(200_000), T);
    assertThat(feature(grocery, "tx.mccTicketRatio")).isCloseTo(2_160.0 / 50, org.assertj.core.data.Offset.offset(0.01));
    assertThat(rule(grocery, "far-above-category-norm").getFired()).isTrue();
    assertThat(grocery.getDecision().getReasons()).contains(ReasonCode.MCC_MISMATCH);
    AuditEvent jeweller = fx.screenAt(newCard().setMcc("5944").setAmountMinor(200_000), T);
    assertThat(rule(jeweller, "far-above-category-norm").getFired()).isFalse();
    AuditEvent unknownCategory = fx.screenAt(newCard().setMcc("1234").setAmountMinor(200_000), T);
    assertThat(feature(unknownCategory, "tx.mccTicketRatio")).isZero();
  }

  @Test
  void aSuddenSpikeAtAYoungMerchantIsReviewed() throws Exception {
    fixture(Map.of());
    for (int h = 32; h >= 3; h -= 2) { // a quiet first day and a bit: one payment every two hours
      pay("mer_new", "trm_n1", 2_500, T.minus(Duration.ofHours(h)));
    }
    AuditEvent last = null;
    for (int i = 0; i < 25; i++) {
      last = pay("mer_new", "trm_n1", 2_500, T.plusSeconds(i * 60L));
    }
    assertThat(feature(last, "merchant.count.1h")).isEqualTo(24);
    assertThat(feature(last, "merchant.spikeRatio")).isGreaterThan(5);
    assertThat(rule(last, "new-merchant-spike").getFired()).isTrue();
    assertThat(last.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(last.getDecision().getReasons()).containsExactly(ReasonCode.MERCHANT_SPIKE);
  }

  @Test
  void noSpikeIsJudgedBeforeADayOfHistory() throws Exception {
    fixture(Map.of());
    pay("mer_new", "trm_n1", 2_500, T.minus(Duration.ofHours(20)));
    AuditEvent last = null;
    for (int i = 0; i < 25; i++) {
      last = pay("mer_new", "trm_n1", 2_500, T.plusSeconds(i * 60L));
    }
    assertThat(feature(last, "merchant.count.1h")).isEqualTo(24);
    assertThat(feature(last, "merchant.spikeRatio")).as("a morning rush after a quiet night is not a spike").isZero();
  }

  @Test
  void aBusyMerchantAtItsUsualPaceIsNoSpike() throws Exception {
    fixture(Map.of());
    AuditEvent last = null;
    for (int i = 0; i < 600; i++) { // 24 an hour for 25 hours
      last = pay("mer_busy", "trm_b1", 2_500, T.minus(Duration.ofHours(25)).plusSeconds(i * 150L));
    }
    assertThat(feature(last, "merchant.count.1h")).isGreaterThanOrEqualTo(20);
    assertThat(feature(last, "merchant.spikeRatio")).isBetween(0.5, 1.5);
    assertThat(rule(last, "new-merchant-spike").getFired()).isFalse();
  }

  @Test
  void sixCardsProbingOneTerminalWithinMinutesIsABinAttack() throws Exception {
    fixture(Map.of());
    pay("mer_shop", "trm_1", 4_000, T.minusSeconds(30)); // an ordinary sale on the terminal
    AuditEvent sixth = null;
    for (int i = 0; i < 6; i++) {
      sixth = pay("mer_shop", "trm_1", 100, T.plusSeconds(i * 20L));
    }
    assertThat(feature(sixth, "terminal.smallCards.10m")).as("as of the fifth probe").isEqualTo(5);
    assertThat(rule(sixth, "bin-attack-on-terminal").getFired()).isFalse();
    AuditEvent seventh = pay("mer_shop", "trm_1", 100, T.plusSeconds(120));
    assertThat(feature(seventh, "terminal.smallCards.10m")).isEqualTo(6);
    assertThat(feature(seventh, "terminal.smallShare.10m")).isCloseTo(6.0 / 7, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(rule(seventh, "bin-attack-on-terminal").getFired()).isTrue();
    assertThat(seventh.getDecision().getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(seventh.getDecision().getReasons()).containsExactly(ReasonCode.BIN_ATTACK);
    assertThat(seventh.getDecision().getResponseCode()).isEqualTo("59");
    AuditEvent otherTerminal = pay("mer_shop", "trm_2", 100, T.plusSeconds(140));
    assertThat(feature(otherTerminal, "terminal.smallCards.10m")).isZero();
    AuditEvent largeTicket = pay("mer_shop", "trm_1", 4_000, T.plusSeconds(160));
    assertThat(rule(largeTicket, "bin-attack-on-terminal").getFired()).as("only small payments are probes").isFalse();
  }

  @Test
  void manyCardsProbingSeveralTerminalsOfOneMerchantIsABinAttack() throws Exception {
    fixture(Map.of());
    for (int i = 0; i < 10; i++) {
      pay("mer_shop", "trm_" + i % 5, 100, T.plusSeconds(i * 20L));
    }
    AuditEvent probe = pay("mer_shop", "trm_0", 50, T.plusSeconds(200));
    assertThat(feature(probe, "merchant.smallCards.10m")).isEqualTo(10);
    assertThat(feature(probe, "terminal.smallCards.10m")).isEqualTo(2);
    assertThat(rule(probe, "bin-attack-on-merchant").getFired()).isTrue();
    assertThat(rule(probe, "bin-attack-on-terminal").getFired()).isFalse();
    assertThat(probe.getDecision().getReasons()).containsExactly(ReasonCode.BIN_ATTACK);

    AuditEvent tenMinutesOn = pay("mer_shop", "trm_0", 50, T.plusSeconds(200 + 600));
    assertThat(feature(tenMinutesOn, "merchant.smallCards.10m")).as("the probes' window has passed").isZero();
    assertThat(rule(tenMinutesOn, "bin-attack-on-merchant").getFired()).isFalse();
  }

  @Test
  void idleCardAndMerchantProfilesAgeOutOnStreamTime() throws Exception {
    fixture(Map.of("profile.idle.ttl", "PT1H"));
    fx.screenAt(fx.transaction().setCardToken("tok_idle").setMerchantId("mer_idle"), T.minus(Duration.ofHours(6)));
    for (int h = 4; h >= 1; h--) {
      fx.screenAt(fx.transaction().setCardToken("tok_busy").setMerchantId("mer_busy"), T.minus(Duration.ofHours(h)));
    }
    KeyValueStore<String, byte[]> cardProfiles = fx.driver.getKeyValueStore(ScreeningNames.CARD_PROFILE_STORE);
    KeyValueStore<String, byte[]> merchantProfiles =
        fx.driver.getKeyValueStore(ScreeningNames.MERCHANT_PROFILE_STORE);
    assertThat(cardProfiles.get("tok_idle")).isNull();
    assertThat(cardProfiles.get("tok_busy")).isNotNull();
    assertThat(merchantProfiles.get("mer_idle")).isNull();
    assertThat(merchantProfiles.get("mer_busy")).isNotNull();
    assertThat(fx.merchantFeatures.readKeyValuesToList())
        .anySatisfy(kv -> {
          assertThat(kv.key).isEqualTo("mer_idle");
          assertThat(kv.value).as("a tombstone, so every instance forgets the merchant").isNull();
        });
    AuditEvent back = fx.screenAt(fx.transaction().setCardToken("tok_idle").setMerchantId("mer_idle"), T);
    assertThat(feature(back, "card.count.24h")).as("the card starts afresh").isEqualTo(1);
    assertThat(feature(back, "merchant.transactions")).isZero();
  }

  @Test
  void aProfileIdlePastTheTtlIsForgottenOnReadWhetherOrNotTheSweeperHasRun() throws Exception {
    fixture(Map.of("profile.idle.ttl", "PT1H"));
    fx.screenAt(fx.transaction(), T.minus(Duration.ofHours(3)));
    // the first record to move stream time past the TTL reads the profile before any sweep could delete it
    AuditEvent back = fx.screenAt(fx.transaction(), T.minus(Duration.ofHours(2)).plusSeconds(1));
    assertThat(feature(back, "card.count.24h")).isEqualTo(1);
    assertThat(feature(back, "merchant.transactions")).isZero();
    AuditEvent within = fx.screenAt(fx.transaction(), T.minus(Duration.ofHours(1)).plusSeconds(1));
    assertThat(feature(within, "card.count.24h")).as("59:59 idle: still remembered").isEqualTo(2);
  }
}
