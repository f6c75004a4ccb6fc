package dev.riskgate.topology;

import static dev.riskgate.topology.ScreeningFixture.feature;
import static dev.riskgate.topology.ScreeningFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Transaction;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Amounts read in each currency's own terms by the default ruleset's currency tables, through the topology. */
class CurrenciesTopologyTest {
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

  private Transaction.Builder in(String currency, long amountMinor, String card) {
    return fx.transaction().setCurrency(currency).setAmountMinor(amountMinor).setCardToken(card).setMcc("5732");
  }

  @Test
  void splitsJustUnderALocalRoundLimitAreCaughtInYenWonAndPounds() {
    // 100,000 yen, 1,000,000 won (1,000 at their magnitude) and 500 pounds: no minor unit in the first two
    long[][] splits = {{97_500, 98_800}, {981_000, 990_000}, {48_900, 49_500}};
    String[] currencies = {"JPY", "KRW", "GBP"};
    for (int c = 0; c < currencies.length; c++) {
      String card = "tok_split" + c;
      AuditEvent first = screen(in(currencies[c], splits[c][0], card), Duration.ofMinutes(c * 20));
      assertThat(feature(first, "tx.nearLimit")).as(currencies[c]).isEqualTo(1);
      AuditEvent second = screen(in(currencies[c], splits[c][1], card), Duration.ofMinutes(c * 20 + 3));
      assertThat(rule(second, "just-under-limit-splits").getFired()).as(currencies[c]).isTrue();
      assertThat(second.getDecision().getOutcome()).as(currencies[c]).isNotEqualTo(Outcome.ALLOW);
    }
    // 1,000 yen (about 7 dollars) is no limit of the yen
    assertThat(feature(screen(in("JPY", 980, "tok_small"), Duration.ZERO), "tx.nearLimit")).isEqualTo(0);
  }

  @Test
  void roundAndTinyAmountsAreJudgedByValueNotByDigits() {
    AuditEvent fiveThousandYen = screen(in("JPY", 5_000, "tok_r1"), Duration.ZERO);
    assertThat(feature(fiveThousandYen, "tx.roundAmount")).as("5,000 yen is a lunch, not a cash-out").isEqualTo(0);
    AuditEvent fiveHundredThousandYen = screen(in("JPY", 500_000, "tok_r2"), Duration.ZERO);
    assertThat(feature(fiveHundredThousandYen, "tx.roundAmount")).isEqualTo(1);
    AuditEvent patternedWon = screen(in("KRW", 8_888_888, "tok_r3"), Duration.ZERO);
    assertThat(feature(patternedWon, "tx.roundAmount")).isEqualTo(1);
    // 150 yen (about a dollar) is tiny; 150 euro cents too; 300 yen (2 dollars) is not
    for (int i = 0; i < 4; i++) {
      screen(in("JPY", 150, "tok_tiny").setMcc("5814"), Duration.ofMinutes(i));
    }
    AuditEvent probes = screen(in("JPY", 150, "tok_tiny").setMcc("5814"), Duration.ofMinutes(5));
    assertThat(feature(probes, "card.smallCount.10m")).isEqualTo(5);
    assertThat(probes.getDecision().getReasons()).contains(ReasonCode.CARD_TESTING);
    AuditEvent notTiny = screen(in("JPY", 300, "tok_tiny2"), Duration.ZERO);
    assertThat(feature(notTiny, "card.smallCount.10m")).isEqualTo(0);
    assertThat(feature(notTiny, "tx.amount")).isEqualTo(300 * 0.0067, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aTicketFarAboveTheMedianOfAMixedHistoryIsReviewed() {
    // fares, groceries, a meal, the chemist, a television: a wide spread the z-score cannot see past
    long[] history = {350, 6_500, 1_200, 2_500, 45_000};
    String[] mcc = {"4111", "5411", "5814", "5912", "5732"};
    for (int i = 0; i < history.length; i++) {
      screen(fx.transaction().setCardToken("tok_mixed").setMcc(mcc[i]).setAmountMinor(history[i]).setCurrency("USD"),
          Duration.ofHours(-10 + i));
    }
    AuditEvent spike = screen(fx.transaction().setCardToken("tok_mixed").setMcc("5411").setAmountMinor(250_000)
        .setCurrency("USD"), Duration.ZERO);
    assertThat(feature(spike, "card.medianRatio")).isEqualTo(100.0);
    assertThat(rule(spike, "far-above-card-median").getFired()).isTrue();
    assertThat(spike.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(spike.getDecision().getReasons()).contains(ReasonCode.AMOUNT_ANOMALY);
  }

  @Test
  void aCurrencyTheTablesDoNotListIsBlockedWithItsReasonNotCountedAtPar() {
    AuditEvent unknown = screen(in("XOF", 2_500, "tok_cfa"), Duration.ZERO); // ISO 4217, not in the default table
    assertThat(unknown.getDecision().getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(unknown.getDecision().getReasons()).containsExactly(ReasonCode.UNKNOWN_CURRENCY);
    assertThat(unknown.getDecision().getResponseCode()).isEqualTo("05");
    assertThat(feature(unknown, "tx.amount")).isEqualTo(0);
    AuditEvent next = screen(in("EUR", 2_500, "tok_cfa"), Duration.ofMinutes(1));
    assertThat(next.getDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
    assertThat(feature(next, "card.sum.10m")).as("the unknown amount was not guessed at").isEqualTo(25 * 1.08,
        org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void cardTestingSpreadOverHoursAndShopsIsBlocked() {
    for (int i = 0; i < 3; i++) {
      AuditEvent probe = screen(in("EUR", 90, "tok_slow").setMerchantId("mer_shop" + i),
          Duration.ofMinutes(i * 50 - 200));
      assertThat(probe.getDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
    }
    AuditEvent fourth = screen(in("EUR", 90, "tok_slow").setMerchantId("mer_shop3"), Duration.ofMinutes(-50));
    assertThat(feature(fourth, "card.smallCount.10m")).isEqualTo(1);
    assertThat(feature(fourth, "card.smallCount.24h")).isEqualTo(4);
    assertThat(feature(fourth, "card.smallMerchants.24h")).isEqualTo(4);
    assertThat(fourth.getDecision().getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(fourth.getDecision().getReasons()).containsExactly(ReasonCode.CARD_TESTING);
  }

  @Test
  void aChipCardSwipedWhereItIsSeldomUsedIsReviewedAsACounterfeit() {
    for (int i = 0; i < 3; i++) {
      screen(in("EUR", 4_000, "tok_chip").setEntryMode(dev.riskgate.schema.EntryMode.CHIP), Duration.ofHours(-30 + i));
    }
    AuditEvent swiped = screen(in("GBP", 30_000, "tok_chip").setCountry("GB").setLatitude(51.5).setLongitude(-0.1)
        .setEntryMode(dev.riskgate.schema.EntryMode.MAGSTRIPE), Duration.ofHours(-1));
    assertThat(feature(swiped, "card.stripeAfterChip")).isEqualTo(1);
    assertThat(feature(swiped, "card.countryShare")).isEqualTo(0);
    assertThat(swiped.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(swiped.getDecision().getReasons()).containsExactly(ReasonCode.SUSPECTED_COUNTERFEIT);
    AuditEvent atHome = screen(in("EUR", 4_000, "tok_chip").setEntryMode(dev.riskgate.schema.EntryMode.MAGSTRIPE),
        Duration.ZERO);
    assertThat(feature(atHome, "card.countryShare")).isEqualTo(0.75);
    assertThat(atHome.getDecision().getOutcome()).as("a stripe read at home is ordinary").isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aCardTakenRoundTheShopsIsReviewedFromTheFourthShop() {
    AuditEvent last = null;
    for (int i = 0; i < 4; i++) {
      last = screen(in("EUR", 25_000, "tok_hop").setMerchantId("mer_hop" + i), Duration.ofMinutes(i * 9));
      if (i < 3) {
        assertThat(rule(last, "shop-hopping").getFired()).isFalse();
      }
    }
    assertThat(feature(last, "card.distinctMerchants.1h")).isEqualTo(4);
    assertThat(rule(last, "shop-hopping").getFired()).isTrue();
    assertThat(last.getDecision().getOutcome()).isNotEqualTo(Outcome.ALLOW);
  }
}
