package dev.riskgate.analyst;

import java.math.BigDecimal;
import java.util.Currency;

/** Minor units as people read them: 31570 SGD -> 315.70, 800 JPY -> 800. */
public final class Amounts {
  private Amounts() {}

  public static BigDecimal major(long amountMinor, String currency) {
    return BigDecimal.valueOf(amountMinor, fractionDigits(currency));
  }

  public static String format(long amountMinor, String currency) {
    return major(amountMinor, currency).toPlainString() + " " + currency;
  }

  private static int fractionDigits(String currency) {
    try {
      return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException unknownCurrency) {
      return 2;
    }
  }
}
