package dev.riskgate.topology;

import static dev.riskgate.topology.ScreeningFixture.feature;
import static dev.riskgate.topology.ScreeningFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Card features and the default ruleset, through the topology, with explicit event times. */
class CardFeaturesTopologyTest {
  private static final Instant T = ScreeningFixture.NOW.minus(Duration.ofHours(2));
  private ScreeningFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ScreeningFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private AuditEvent screen(Transaction.Builder tx, Duration offsetFromT) {
    return fx.screenAt(tx, T.plus(offsetFromT));
  }

  @Test
  void countWindowsIncludeThisTransactionAndExcludeTheWindowEdge() {
    screen(fx.transaction(), Duration.ofMinutes(-10)); // exactly 10 minutes before: outside the 10-minute window
    screen(fx.transaction(), Duration.ofSeconds(-61));
    screen(fx.transaction(), Duration.ofSeconds(-59));
    AuditEvent last = screen(fx.transaction(), Duration.ZERO);
    assertThat(feature(last, "card.count.1m")).isEqualTo(2);
    assertThat(feature(last, "card.count.10m")).isEqualTo(3);
    assertThat(feature(last, "card.count.1h")).isEqualTo(4);
    assertThat(feature(last, "card.count.24h")).isEqualTo(4);
    assertThat(feature(last, "card.sum.10m")).isCloseTo(3 * 25 * 1.08, org.assertj.core.data.Offset.offset(0.01));
    assertThat(feature(last, "card.sum.1m")).isCloseTo(2 * 25 * 1.08, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void aLateEventIsMeasuredAgainstItsOwnPastOnly() {
    screen(fx.transaction(), Duration.ZERO);
    screen(fx.transaction(), Duration.ofMinutes(-40));
    screen(fx.transaction(), Duration.ofMinutes(-34));
    AuditEvent late = screen(fx.transaction(), Duration.ofMinutes(-30));
    // itself and the two before it; the transaction at T came earlier but happened later
    assertThat(feature(late, "card.count.1h")).isEqualTo(3);
    assertThat(feature(late, "card.count.10m")).isEqualTo(2);
  }

  @Test
  void theDailyWindowForgetsTransactionsOlderThanADay() {
    screen(fx.transaction(), Duration.ofHours(-26));
    screen(fx.transaction(), Duration.ofHours(-12));
    AuditEvent now = screen(fx.transaction(), Duration.ZERO);
    assertThat(feature(now, "card.count.24h")).isEqualTo(2);
    assertThat(feature(now, "card.count.1h")).isEqualTo(1);
  }

  @Test
  void aRetryIsNeverCountedTwice() {
    Transaction original = fx.transaction().setEventTime(T).build();
    fx.send(original);
    fx.send(original);
    assertThat(fx.audit.readValuesToList()).hasSize(2);
    fx.decisions.readValuesToList();
    AuditEvent next = screen(fx.transaction(), Duration.ofSeconds(10));
    assertThat(feature(next, "card.count.1m")).isEqualTo(2);
  }

  @Test
  void burstOfSmallAuthorisationsIsBlockedAsCardTesting() {
    AuditEvent audit = null;
    for (int i = 0; i < 4; i++) {
      audit = screen(fx.transaction().setAmountMinor(100).setMerchantId("mer_m" + i).setTerminalId("trm_" + i),
          Duration.ofMinutes(i * 2));
    }
    assertThat(feature(audit, "card.smallCount.10m")).isEqualTo(4);
    assertThat(rule(audit, "card-testing-small-burst").getFired()).isTrue();
    assertThat(audit.getDecision().getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(audit.getDecision().getReasons().get(0)).isEqualTo(ReasonCode.CARD_TESTING);
    assertThat(audit.getDecision().getResponseCode()).isEqualTo("59");
    assertThat(audit.getDecision().getRetryable()).isTrue();
  }

  @Test
  void paymentsInParisAndNewYorkTenMinutesApartAreImpossibleTravel() {
    screen(fx.transaction(), Duration.ZERO);
    AuditEvent ny = screen(fx.transaction().setCountry("US").setCurrency("USD").setLatitude(40.71)
        .setLongitude(-74.01), Duration.ofMinutes(10));
    assertThat(feature(ny, "card.travelKmh")).isGreaterThan(30_000);
    assertThat(rule(ny, "impossible-travel").getFired()).isTrue();
    assertThat(ny.getDecision().getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(ny.getDecision().getReasons()).containsExactly(ReasonCode.IMPOSSIBLE_TRAVEL);
  }

  @Test
  void travelFallsBackToTheCountryCentroidAndTakesTimeIntoAccount() {
    screen(fx.transaction().setLatitude(null).setLongitude(null), Duration.ZERO);
    AuditEvent berlin = screen(fx.transaction().setCountry("DE").setLatitude(null).setLongitude(null),
        Duration.ofHours(2));
    assertThat(feature(berlin, "card.travelKmh")).isBetween(300.0, 500.0); // ~880 km in 2 h: a plane, fine
    assertThat(rule(berlin, "impossible-travel").getFired()).isFalse();
  }

  @Test
  void aLargeAmountRightAfterATinyOneIsAnAnomaly() {
    screen(fx.transaction().setAmountMinor(50), Duration.ZERO);
    AuditEvent large = screen(fx.transaction().setAmountMinor(80_000), Duration.ofMinutes(5));
    assertThat(feature(large, "card.afterTinyRatio")).isCloseTo(1600.0, org.assertj.core.data.Offset.offset(1.0));
    assertThat(rule(large, "large-after-tiny").getFired()).isTrue();
  }

  @Test
  void anAmountFarAboveTheCardsHabitStandsOut() {
    for (int i = 0; i < 8; i++) {
      screen(fx.transaction().setAmountMinor(2_000 + i * 100), Duration.ofHours(-20 + i * 2));
    }
    AuditEvent spike = screen(fx.transaction().setAmountMinor(900_000), Duration.ofHours(1));
    assertThat(feature(spike, "card.amountZScore")).isGreaterThan(4);
    assertThat(rule(spike, "amount-far-above-profile").getFired()).isTrue();
  }

  @Test
  void splitsJustUnderARoundLimitAndRoundAmountsPointToCashOut() {
    AuditEvent first = screen(fx.transaction().setCurrency("CNY").setAmountMinor(490_000), Duration.ZERO);
    assertThat(feature(first, "tx.nearLimit")).isEqualTo(1);
    AuditEvent second = screen(fx.transaction().setCurrency("CNY").setAmountMinor(488_800), Duration.ofMinutes(3));
    assertThat(feature(second, "card.nearLimit.10m")).isEqualTo(2);
    assertThat(rule(second, "just-under-limit-splits").getFired()).isTrue();
    AuditEvent round = screen(fx.transaction().setCurrency("CNY").setAmountMinor(888_800), Duration.ofHours(1));
    assertThat(feature(round, "tx.roundAmount")).isEqualTo(1);
  }

  @Test
  void sixteenAuthorisationsWithinAnHourAreReviewedAsVelocity() {
    AuditEvent audit = null;
    // 3.5 minutes apart (never more than three in any 10 minutes), over six merchants (never four at one)
    for (int i = 0; i < 16; i++) {
      audit = screen(fx.transaction().setMerchantId("mer_m" + i % 6), Duration.ofSeconds(-3_600 + 1 + i * 210L));
      assertThat(rule(audit, "velocity-count-10m").getFired()).isFalse();
    }
    assertThat(feature(audit, "card.count.1h")).isEqualTo(16);
    assertThat(rule(audit, "velocity-count-1h").getFired()).isTrue();
    assertThat(audit.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(audit.getDecision().getReasons()).containsExactly(ReasonCode.VELOCITY_COUNT);
    AuditEvent anHourLater = screen(fx.transaction(), Duration.ofMinutes(60));
    assertThat(rule(anHourLater, "velocity-count-1h").getFired()).isFalse();
  }

  @Test
  void sevenMerchantsWithinAnHourAreReviewed() {
    AuditEvent audit = null;
    for (int i = 0; i < 7; i++) {
      audit = screen(fx.transaction().setMerchantId("mer_m" + i).setTerminalId("trm_m" + i),
          Duration.ofMinutes(i * 8L));
    }
    assertThat(feature(audit, "card.distinctMerchants.1h")).isEqualTo(7);
    assertThat(feature(audit, "card.distinctTerminals.1h")).isEqualTo(7);
    assertThat(rule(audit, "many-merchants-1h").getFired()).isTrue();
    assertThat(audit.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    // the first merchant is now more than an hour back: six left, at the threshold but not over it
    AuditEvent later = screen(fx.transaction().setMerchantId("mer_m6").setTerminalId("trm_m6"),
        Duration.ofMinutes(61));
    assertThat(feature(later, "card.distinctMerchants.1h")).isEqualTo(6);
    assertThat(rule(later, "many-merchants-1h").getFired()).isFalse();
  }

  @Test
  void spendingOver20000InADayIsReviewedAsVelocityAmount() {
    Transaction.Builder jewellery = fx.transaction().setMcc("5944").setAmountMinor(712_345); // 7,123.45 EUR
    screen(jewellery, Duration.ofHours(-10));
    AuditEvent second = screen(fx.transaction().setMcc("5944").setAmountMinor(712_345), Duration.ofHours(-5));
    assertThat(rule(second, "velocity-amount-24h").getFired()).isFalse();
    AuditEvent third = screen(fx.transaction().setMcc("5944").setAmountMinor(712_345), Duration.ZERO);
    assertThat(feature(third, "card.sum.24h")).isCloseTo(3 * 7_123.45 * 1.08, org.assertj.core.data.Offset.offset(1.0));
    assertThat(rule(third, "velocity-amount-24h").getFired()).isTrue();
    assertThat(third.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(third.getDecision().getReasons()).containsExactly(ReasonCode.VELOCITY_AMOUNT);
    assertThat(third.getDecision().getResponseCode()).as("a review is approved and queued for an analyst").isEqualTo("00");
  }

  @Test
  void fourPaymentsWithinAMinuteAreReviewedAsVelocity() {
    AuditEvent third = null;
    for (int i = 0; i < 3; i++) {
      third = screen(fx.transaction().setMerchantId("mer_m" + i), Duration.ofSeconds(i * 20L));
    }
    assertThat(rule(third, "velocity-count-1m").getFired()).isFalse();
    AuditEvent fourth = screen(fx.transaction().setMerchantId("mer_m3"), Duration.ofSeconds(59));
    assertThat(feature(fourth, "card.count.1m")).isEqualTo(4);
    assertThat(rule(fourth, "velocity-count-1m").getFired()).isTrue();
    assertThat(fourth.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(fourth.getDecision().getReasons()).containsExactly(ReasonCode.VELOCITY_COUNT);
  }

  @Test
  void nineWithinTenMinutesAreReviewedAsVelocity() {
    AuditEvent audit = null;
    for (int i = 0; i < 9; i++) { // 65 seconds apart: never two in one minute
      audit = screen(fx.transaction().setMerchantId("mer_m" + i % 5), Duration.ofSeconds(i * 65L));
    }
    assertThat(feature(audit, "card.count.1m")).isEqualTo(1);
    assertThat(feature(audit, "card.count.10m")).isEqualTo(9);
    assertThat(rule(audit, "velocity-count-10m").getFired()).isTrue();
    assertThat(audit.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(audit.getDecision().getReasons()).containsExactly(ReasonCode.VELOCITY_COUNT);
  }

  @Test
  void theSameCardAgainAndAgainAtOneMerchantCountsTowardsCashOut() {
    AuditEvent audit = null;
    for (int i = 0; i < 4; i++) {
      audit = screen(fx.transaction(), Duration.ofMinutes(i * 15L));
    }
    assertThat(feature(audit, "card.sameMerchant.1h")).isEqualTo(4);
    assertThat(rule(audit, "same-merchant-again").getFired()).isTrue();
    assertThat(audit.getDecision().getScore()).isEqualTo(30);
    assertThat(audit.getDecision().getOutcome()).as("a signal, not a review by itself").isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aRoundAmountInTheSmallHoursIsReviewedAsCashOut() {
    // jewellery, so that 5,000 is within the category's norm and only the cash-out rules speak
    Instant twoAmInParis = Instant.parse("2026-11-26T01:00:00Z");
    AuditEvent night = fx.screenAt(fx.transaction().setMcc("5944").setAmountMinor(500_000), twoAmInParis);
    assertThat(feature(night, "tx.localHour")).isEqualTo(2);
    assertThat(rule(night, "round-amount").getFired()).isTrue();
    assertThat(rule(night, "round-amount-at-night").getFired()).isTrue();
    assertThat(night.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(night.getDecision().getReasons()).containsExactly(ReasonCode.CASH_OUT_PATTERN);
    AuditEvent afternoon = fx.screenAt(fx.transaction().setCardToken("tok_card2").setMcc("5944")
        .setAmountMinor(500_000), twoAmInParis.plus(Duration.ofHours(5)));
    assertThat(rule(afternoon, "round-amount-at-night").getFired()).isFalse();
    assertThat(afternoon.getDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aLargeTicketFarAboveTheCardsHabitIsReviewed() {
    for (int i = 0; i < 8; i++) {
      screen(fx.transaction().setMcc("5944").setAmountMinor(2_000 + i * 100), Duration.ofHours(-20 + i * 2));
    }
    AuditEvent small = screen(fx.transaction().setMcc("5944").setAmountMinor(25_000), Duration.ofMinutes(30));
    assertThat(rule(small, "amount-far-above-profile").getFired()).isTrue();
    assertThat(rule(small, "far-above-card-median").getFired()).as("250 is ten times the median, within the norm")
        .isFalse();
    assertThat(small.getDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
    AuditEvent large = screen(fx.transaction().setMcc("5944").setAmountMinor(912_345), Duration.ofHours(1));
    assertThat(rule(large, "far-above-card-median").getFired()).isTrue();
    assertThat(large.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(large.getDecision().getReasons()).containsExactly(ReasonCode.AMOUNT_ANOMALY);
  }

  @Test
  void aFirstTicketFarAboveAnythingTheCardSpentIsReviewedAndAHabitualOneIsNot() {
    // small everyday tickets and one piece of jewellery: the holder buys jewellery now and then
    long[] history = {1_000, 1_200, 1_100, 900, 100_000};
    String[] mcc = {"5411", "5814", "5411", "5912", "5944"};
    for (String card : List.of("tok_habit", "tok_first")) {
      for (int i = 0; i < history.length; i++) {
        screen(fx.transaction().setCardToken(card).setMcc(mcc[i]).setAmountMinor(history[i]), Duration.ofHours(-10 + i));
      }
    }
    AuditEvent again = screen(fx.transaction().setCardToken("tok_habit").setMcc("5944").setAmountMinor(212_345),
        Duration.ZERO);
    assertThat(feature(again, "card.medianRatio")).isCloseTo(2_123.45 / 11, offset(1e-3));
    assertThat(feature(again, "card.maxRatio")).isCloseTo(2.12345, offset(1e-6));
    assertThat(rule(again, "far-above-card-median").getFired()).as("twice its largest ticket").isFalse();
    assertThat(again.getDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
    AuditEvent first = screen(fx.transaction().setCardToken("tok_first").setMcc("5944").setAmountMinor(312_345),
        Duration.ZERO);
    assertThat(feature(first, "card.maxRatio")).isCloseTo(3.12345, offset(1e-6));
    assertThat(rule(first, "far-above-card-median").getFired()).isTrue();
    assertThat(first.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(first.getDecision().getReasons()).containsExactly(ReasonCode.AMOUNT_ANOMALY);
  }

  @Test
  void aFirstTicketInACategoryTheCardNeverUsedFarAboveItsSpendingIsReviewed() {
    // fares, groceries, a meal and one appliance: the appliance hides a hotel bill from card.maxRatio's 2.5
    long[] history = {300, 1_000, 1_200, 1_100, 900, 120_000};
    String[] mcc = {"4111", "5411", "5814", "5411", "5912", "5732"};
    for (String card : List.of("tok_hotel", "tok_shop")) {
      for (int i = 0; i < history.length; i++) {
        screen(fx.transaction().setCardToken(card).setMcc(mcc[i]).setAmountMinor(history[i]), Duration.ofHours(-10 + i));
      }
    }
    AuditEvent hotel = screen(fx.transaction().setCardToken("tok_hotel").setMcc("7011").setAmountMinor(180_000),
        Duration.ZERO);
    assertThat(feature(hotel, "card.categoryShare")).isZero();
    assertThat(feature(hotel, "card.maxRatio")).isCloseTo(1.5, offset(1e-6));
    assertThat(rule(hotel, "far-above-card-median").getFired()).isFalse();
    assertThat(rule(hotel, "first-in-category-far-above-card-median").getFired()).isTrue();
    assertThat(hotel.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(hotel.getDecision().getReasons()).containsExactly(ReasonCode.AMOUNT_ANOMALY);
    AuditEvent appliance = screen(fx.transaction().setCardToken("tok_shop").setMcc("5732").setAmountMinor(180_000),
        Duration.ZERO);
    assertThat(feature(appliance, "card.categoryShare")).isCloseTo(1 / 6.0, offset(1e-6));
    assertThat(rule(appliance, "first-in-category-far-above-card-median").getFired())
        .as("the card bought in this category before").isFalse();
  }

  @Test
  void everyRuleOfTheRulesetIsInTheAuditWithItsObservedValueAndThreshold() {
    AuditEvent audit = screen(fx.transaction(), Duration.ZERO);
    assertThat(audit.getRules()).hasSize(dev.riskgate.rules.Rulesets.defaultRuleset().rules().size());
    RuleEvaluation velocity = rule(audit, "velocity-count-10m");
    assertThat(velocity.getObserved()).isEqualTo(1.0);
    assertThat(velocity.getThreshold()).isEqualTo(8.0);
    assertThat(velocity.getFired()).isFalse();
    assertThat(audit.getDecision().getRulesetVersion()).isEqualTo(velocity.getRuleVersion());
    assertThat(audit.getShadowOutcome()).isEqualTo(Outcome.ALLOW);
  }
}
