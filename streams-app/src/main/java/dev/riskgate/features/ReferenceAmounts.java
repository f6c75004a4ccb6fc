package dev.riskgate.features;

import java.util.Currency;
import java.util.Map;

/**
 * Converts amounts to one reference currency (USD major units) so that velocity sums and amount thresholds compare
 * across currencies. The rates are fixed approximations: good enough for risk thresholds, not for accounting.
 */
public final class ReferenceAmounts {
  private static final Map<String, Double> USD_PER_UNIT = Map.ofEntries(
      Map.entry("USD", 1.0), Map.entry("EUR", 1.08), Map.entry("GBP", 1.27), Map.entry("CNY", 0.14),
      Map.entry("HKD", 0.128), Map.entry("SGD", 0.74), Map.entry("JPY", 0.0067), Map.entry("CHF", 1.12),
      Map.entry("AUD", 0.66), Map.entry("CAD", 0.73), Map.entry("KRW", 0.00073), Map.entry("INR", 0.012),
      Map.entry("TWD", 0.031), Map.entry("THB", 0.028), Map.entry("MYR", 0.21), Map.entry("AED", 0.27));

  private ReferenceAmounts() {}

  /** Major units of the currency itself (2500 minor EUR -> 25.00). */
  public static double majorUnits(long amountMinor, String currency) {
    return amountMinor / Math.pow(10, fractionDigits(currency));
  }

  /** Reference-currency major units; currencies without a known rate count at par. */
  public static double toReference(long amountMinor, String currency) {
    return majorUnits(amountMinor, currency) * USD_PER_UNIT.getOrDefault(currency, 1.0);
  }

  /** Minor units of {@code currency} worth {@code usd}, rounded to 10 minor units (10 yen, 0.10 euro). */
  public static long fromReference(double usd, String currency) {
    double units = usd / USD_PER_UNIT.getOrDefault(currency, 1.0);
    long minor = Math.round(units * Math.pow(10, fractionDigits(currency)) / 10) * 10;
    return Math.max(10, minor);
  }

  private static int fractionDigits(String currency) {
    try {
      return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      return 2;
    }
  }
}
