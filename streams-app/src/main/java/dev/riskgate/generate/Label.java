package dev.riskgate.generate;

/**
 * What a generated transaction really is. Labels travel as the Kafka header {@link #HEADER}, which screening never
 * reads: only detection reports compare them with decisions.
 */
public enum Label {
  LEGIT, CARD_TESTING(5), BIN_ATTACK(11), IMPOSSIBLE_TRAVEL, CASH_OUT_NIGHT, SPLIT_UNDER_LIMIT(2), AMOUNT_SPIKE,
  FROZEN_ACCOUNT, LOST_CARD, COUNTERFEIT_ABROAD, SLOW_CARD_TESTING(4), SHOP_HOPPING(4),
  SPREAD_CARD_TESTING(11), RETRY;

  public static final String HEADER = "riskgate-label";

  private final int firstCounted;

  Label() {
    this(1);
  }

  Label(int firstCounted) {
    this.firstCounted = firstCounted;
  }

  /**
   * The first transaction of an episode that recall counts: a burst is a burst only once it has begun (card testing
   * from the fifth authorisation, a BIN attack from the eleventh card, slow card testing from the fourth probe, a
   * stolen card's round of shops from the fourth shop, card numbers tested across a city's shops from the eleventh card), and the first of a run of splits is an ordinary payment just
   * under a limit until the second comes.
   */
  public int firstCounted() {
    return firstCounted;
  }

  public boolean isFraud() {
    return this != LEGIT && this != RETRY;
  }
}
