package dev.riskgate.privacy;

/** How an answer shows card tokens: masked (the default everywhere) or in full (asked for, and allowed). */
public enum CardView {
  MASKED, FULL;

  public String show(String token) {
    return this == FULL || token == null ? token : CardTokens.mask(token);
  }
}
