package dev.riskgate.decision;

/** Card tokens as tools show them by default: enough to tell cards apart, not enough to use one. */
public final class CardTokens {
  private CardTokens() {}

  /** {@code tok_…d39m}: the first four and last four characters. */
  public static String mask(String token) {
    if (token.length() <= 8) {
      return "****";
    }
    return token.substring(0, 4) + "…" + token.substring(token.length() - 4);
  }
}
