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

  /** By {@link CurrencyCodes} index: minor units per major unit, and USD per major unit (at par when unknown). */
  private static final double[] MINOR_PER_MAJOR = new double[CurrencyCodes.COUNT];
  private static final double[] USD_PER_MAJOR = new double[CurrencyCodes.COUNT];

  static {
    for (int i = 0; i < CurrencyCodes.COUNT; i++) {
      String code = "" + (char) ('A' + i / 676) + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26);
      MINOR_PER_MAJOR[i] = CurrencyCodes.isIso4217(code) ? Math.pow(10, fractionDigits(code)) : Math.pow(10, 2);
      USD_PER_MAJOR[i] = USD_PER_UNIT.getOrDefault(code, 1.0);
    }
  }

  private ReferenceAmounts() {}

  /** Major units of the currency itself (2500 minor EUR -> 25.00). */
  public static double majorUnits(long amountMinor, String currency) {
    int index = CurrencyCodes.indexOf(currency);
    return amountMinor / (index >= 0 ? MINOR_PER_MAJOR[index] : Math.pow(10, fractionDigits(currency)));
  }

  /** Reference-currency major units; currencies without a known rate count at par. */
  public static double toReference(long amountMinor, String currency) {
    int index = CurrencyCodes.indexOf(currency);
    if (index >= 0) {
      return amountMinor / MINOR_PER_MAJOR[index] * USD_PER_MAJOR[index];
    }
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
