package dev.riskgate.generate;

/**
 * What a generated transaction really is. Labels travel as the Kafka header {@link #HEADER}, which screening never
 * reads: only detection reports compare them with decisions.
 */
public enum Label {
  LEGIT, CARD_TESTING, BIN_ATTACK, IMPOSSIBLE_TRAVEL, CASH_OUT_NIGHT, SPLIT_UNDER_LIMIT, AMOUNT_SPIKE, FROZEN_ACCOUNT,
  LOST_CARD, RETRY;

  public static final String HEADER = "riskgate-label";

  public boolean isFraud() {
    return this != LEGIT && this != RETRY;
  }
}
