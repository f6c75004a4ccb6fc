package dev.riskgate.features;

import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/**
 * How a ruleset reads amounts in each currency: its rate to the reference currency (so that sums and value thresholds
 * compare across currencies), its minor unit, and its own round numbers. A round limit is written once in
 * reference-sized units (1,000) and read in each currency at its magnitude: a yen is worth about a hundredth of a
 * dollar, so 1,000 reads as 100,000 yen; a won a thousandth, 1,000,000 won. A currency may list its own limits
 * instead. A currency the table does not list is not guessed at: {@link #slotOf} says so and the decision refuses it.
 *
 * <p>Part of the ruleset document (its {@code currencies:} block), so the ruleset version pins the tables and live,
 * replay and backtest read amounts alike. Rates are approximations for risk thresholds, not for accounting.
 */
public final class CurrencyTable {
  /** One currency's line: reference units per major unit, digits of its minor unit, and its own limits (or null). */
  public record Entry(double rate, int minorDigits, double[] limits) {
    public Entry {
      limits = limits == null ? null : limits.clone();
    }

    @Override
    public double[] limits() {
      return limits == null ? null : limits.clone();
    }
  }

  private final double tinyBelow;
  private final double nearLimitBand;
  private final List<String> codes;
  /** By {@link CurrencyCodes} index: the currency's slot in the arrays below, or -1 when not listed. */
  private final short[] slots = new short[CurrencyCodes.COUNT];
  private final double[] referencePerMajor;
  private final double[] minorPerMajor;
  /** The currency's magnitude against the reference: 1, 10, 100 ... units to one reference-sized unit. */
  private final double[] roundUnit;
  private final double[][] limits;

  /**
   * {@code tinyBelow}: reference units under which an amount is tiny (a probe of stolen card data);
   * {@code roundLimits}: reference-sized limits, ascending; {@code nearLimitBand}: how far under a limit (a fraction of
   * it) counts as just under; {@code entries}: by ISO 4217 code, the reference currency at rate 1 among them.
   */
  public CurrencyTable(double tinyBelow, double[] roundLimits, double nearLimitBand, Map<String, Entry> entries) {
    this.tinyBelow = tinyBelow;
    this.nearLimitBand = nearLimitBand;
    this.codes = List.copyOf(entries.keySet());
    Arrays.fill(slots, (short) -1);
    int n = entries.size();
    referencePerMajor = new double[n];
    minorPerMajor = new double[n];
    roundUnit = new double[n];
    limits = new double[n][];
    short slot = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      int index = CurrencyCodes.indexOf(e.getKey());
      if (index < 0) {
        throw new IllegalArgumentException("not a currency code: " + e.getKey());
      }
      Entry entry = e.getValue();
      slots[index] = slot;
      referencePerMajor[slot] = entry.rate();
      minorPerMajor[slot] = Math.pow(10, entry.minorDigits());
      roundUnit[slot] = magnitude(entry.rate());
      double[] own = entry.limits();
      if (own == null) {
        own = new double[roundLimits.length];
        for (int i = 0; i < own.length; i++) {
          own[i] = roundLimits[i] * roundUnit[slot];
        }
      }
      limits[slot] = own;
      slot++;
    }
  }

  /** Units of a currency worth {@code rate} reference units that make one reference-sized unit: a power of ten, >= 1. */
  static double magnitude(double rate) {
    return Math.max(1, Math.pow(10, Math.round(Math.log10(1 / rate))));
  }

  /** The digits of a currency's minor unit by ISO 4217 (the JDK's table), 2 when it names none. */
  public static int isoMinorDigits(String code) {
    try {
      int digits = Currency.getInstance(code).getDefaultFractionDigits();
      return digits < 0 ? 2 : digits;
    } catch (IllegalArgumentException e) {
      return 2;
    }
  }

  /** The currency's slot for the look-ups below, or -1 when the table does not list it. */
  public int slotOf(String currency) {
    int index = CurrencyCodes.indexOf(currency);
    return index < 0 ? -1 : slots[index];
  }

  public boolean knows(String currency) {
    return slotOf(currency) >= 0;
  }

  /** Major units of the currency itself (2500 minor EUR: 25.00; 2500 JPY: 2500). */
  public double ownUnits(long amountMinor, int slot) {
    return amountMinor / minorPerMajor[slot];
  }

  /** Reference-currency major units. */
  public double toReference(long amountMinor, int slot) {
    return amountMinor / minorPerMajor[slot] * referencePerMajor[slot];
  }

  /** Whether a reference amount is tiny: under the table's tinyBelow. */
  public boolean isTiny(double referenceUnits) {
    return referenceUnits < tinyBelow;
  }

  /**
   * Round or patterned in the currency's own terms, at its magnitude: a whole multiple of 1,000 reference-sized units
   * (5,000 dollars, 500,000 yen), or one digit repeated (888, 9999; 88,888 yen), from 100 reference-sized units on.
   */
  public boolean isRoundOrPatterned(double units, int slot) {
    double unit = roundUnit[slot];
    if (units < 100 * unit || units != Math.rint(units)) {
      return false;
    }
    long whole = (long) units;
    if (whole % (long) (1_000 * unit) == 0) {
      return true;
    }
    String digits = Long.toString(whole);
    return digits.chars().distinct().count() == 1;
  }

  /** Within the near-limit band just under one of the currency's round limits. */
  public boolean isNearLimit(double units, int slot) {
    for (double limit : limits[slot]) {
      if (units >= limit * (1 - nearLimitBand) && units < limit) {
        return true;
      }
    }
    return false;
  }

  /** The round limits of a listed currency, in its own units. */
  public double[] limitsOf(String currency) {
    int slot = slotOf(currency);
    return slot < 0 ? null : limits[slot].clone();
  }

  /** The listed codes, in the document's order. */
  public List<String> codes() {
    return codes;
  }
}
