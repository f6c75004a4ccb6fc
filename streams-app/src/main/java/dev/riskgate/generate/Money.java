package dev.riskgate.generate;

import dev.riskgate.features.CurrencyTable;
import java.util.Map;

/**
 * The generated worlds' own exchange rates (USD per unit) and minor units. Deliberately not the default ruleset's
 * table: markets drift from any table a ruleset pins, so several rates here are a few percent off it.
 */
final class Money {
  private static final Map<String, Double> USD_PER_UNIT = Map.ofEntries(
      Map.entry("USD", 1.0), Map.entry("EUR", 1.05), Map.entry("GBP", 1.31), Map.entry("CNY", 0.138),
      Map.entry("HKD", 0.128), Map.entry("SGD", 0.77), Map.entry("JPY", 0.0064), Map.entry("KRW", 0.00071),
      Map.entry("INR", 0.0118), Map.entry("TWD", 0.0315), Map.entry("THB", 0.029), Map.entry("IDR", 0.000061),
      Map.entry("CHF", 1.16), Map.entry("SEK", 0.098), Map.entry("PLN", 0.255), Map.entry("HUF", 0.0026),
      Map.entry("CAD", 0.71), Map.entry("MXN", 0.052), Map.entry("BRL", 0.18), Map.entry("CLP", 0.00103),
      Map.entry("AUD", 0.64));

  private Money() {}

  /** Minor units of {@code currency} worth {@code usd}, to 10 minor units (10 yen, 0.10 euro), at least 10. */
  static long fromUsd(double usd, String currency) {
    double minorPerUnit = Math.pow(10, CurrencyTable.isoMinorDigits(currency));
    long minor = Math.round(usd / usdPerUnit(currency) * minorPerUnit / 10) * 10;
    return Math.max(10, minor);
  }

  /** Whole units of a currency in its minor units (the yen and the won have none). */
  static long minor(long units, String currency) {
    return units * (long) Math.pow(10, CurrencyTable.isoMinorDigits(currency));
  }

  /** A power of ten: how many units of the currency make about one dollar's worth (1 dollar, 100 yen, 1,000 won). */
  static long unitsPerDollarMagnitude(String currency) {
    return Math.max(1, Math.round(Math.pow(10, Math.round(Math.log10(1 / usdPerUnit(currency))))));
  }

  static double usdPerUnit(String currency) {
    Double rate = USD_PER_UNIT.get(currency);
    if (rate == null) {
      throw new IllegalArgumentException("no generator rate for " + currency);
    }
    return rate;
  }
}
