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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The area side through the live topology: tiny payments decided by their area (country and half-degree cell, and
 * 15 km around it), with explicit event times. Bangkok's shops lie on both sides of the 100.5 degrees meridian, a
 * cell edge.
 */
class AreaTopologyTest {
  private static final Instant T = ScreeningFixture.NOW.minus(Duration.ofHours(2));
  private ScreeningFixture fx;
  private int cards;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ScreeningFixture(Map.of());
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  /** A payment of 30 baht (about 0.84 dollars) by a card never seen before, at shop {@code shop} of Bangkok. */
  private Transaction.Builder tinyInBangkok(int shop, String mcc) {
    String card = "tok_t" + (++cards);
    // odd shops west of the edge, even ones east of it, all within 5 km of it
    double longitude = 100.5 + (shop % 2 == 0 ? 0.01 : -0.01) * (1 + shop % 3);
    return fx.transaction().setCardToken(card).setAccountId("acc_" + card).setMerchantId("mer_bkk_" + shop)
        .setTerminalId("trm_bkk_" + shop).setMcc(mcc).setCountry("TH").setCurrency("THB").setAmountMinor(3_000)
        .setLatitude(13.76).setLongitude(longitude);
  }

  private List<AuditEvent> probe(String mcc, int count) {
    List<AuditEvent> audits = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      audits.add(fx.screenAt(tinyInBangkok(i % 6, mcc), T.plusSeconds(90L * i)));
    }
    return audits;
  }

  @Test
  void cardNumbersTestedAcrossACitysShopsAreReviewedFromTheNinthCardWhicheverSideOfTheCellEdge() {
    List<AuditEvent> audits = probe("5732", 12); // electronics: a 30-baht payment is out of place

    for (int i = 0; i < 12; i++) {
      AuditEvent audit = audits.get(i);
      assertThat(feature(audit, "area.smallCards.30m")).as("card %d", i + 1).isEqualTo(i + 1);
      assertThat(feature(audit, "area.smallMerchants.30m")).isEqualTo(Math.min(i + 1, 6));
      assertThat(rule(audit, "card-testing-across-area").getFired()).as("card %d", i + 1).isEqualTo(i >= 8);
    }
    AuditEvent last = audits.get(11);
    assertThat(last.getDecision().getOutcome()).isEqualTo(Outcome.REVIEW);
    assertThat(last.getDecision().getReasons()).contains(ReasonCode.CARD_TESTING);
  }

  @Test
  void tinyPaymentsWhereTinyIsUsualAreNotCountedAsOutOfPlace() {
    List<AuditEvent> audits = probe("4111", 12); // fares

    assertThat(audits).allSatisfy(audit -> {
      assertThat(feature(audit, "area.smallCards.30m")).isZero();
      assertThat(audit.getDecision().getOutcome()).isEqualTo(Outcome.ALLOW);
    });
  }

  @Test
  void aCardUsedEarlierInTheDayIsNotReviewedForTheAreasAttack() {
    Transaction.Builder known = tinyInBangkok(1, "5732");
    fx.screenAt(known.setAmountMinor(250_000).setTransactionId("tx_known_1"), T.minus(Duration.ofHours(1)));
    probe("5732", 10);

    AuditEvent second = fx.screenAt(known.setAmountMinor(3_000).setTransactionId("tx_known_2"), T.plusSeconds(920));

    assertThat(feature(second, "area.smallCards.30m")).isEqualTo(11);
    assertThat(rule(second, "card-testing-across-area").getFired()).isFalse();
  }

  @Test
  void aRetryOfATinyPaymentGetsItsOriginalsAnswerFromItsArea() {
    List<AuditEvent> audits = probe("5732", 12);
    Transaction original = audits.get(11).getTransaction();

    fx.send(Transaction.newBuilder(original).setEventTime(original.getEventTime().plusSeconds(5)).build());
    var retry = fx.onlyDecision();

    assertThat(retry.getRetry()).isTrue();
    assertThat(retry.getOutcome()).isEqualTo(Outcome.REVIEW);
  }
}
