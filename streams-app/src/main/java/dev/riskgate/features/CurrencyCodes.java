package dev.riskgate.features;

import java.util.BitSet;
import java.util.Currency;

/**
 * Three-letter currency codes as table indexes (AAA = 0 ... ZZZ = 26^3 - 1), so that per-transaction look-ups by code
 * are an array access: a set or map look-up hashed and compared a fresh string for every transaction.
 */
public final class CurrencyCodes {
  /** How many indexes there are. */
  public static final int COUNT = 26 * 26 * 26;
  private static final BitSet ISO_4217 = new BitSet(COUNT);

  static {
    for (Currency currency : Currency.getAvailableCurrencies()) {
      int index = indexOf(currency.getCurrencyCode());
      if (index < 0) {
        throw new IllegalStateException("ISO 4217 code " + currency.getCurrencyCode() + " is not three letters A-Z");
      }
      ISO_4217.set(index);
    }
  }

  private CurrencyCodes() {}

  /** The code's index, or -1 unless it is three letters A-Z. */
  public static int indexOf(String code) {
    if (code == null || code.length() != 3) {
      return -1;
    }
    int index = 0;
    for (int i = 0; i < 3; i++) {
      char c = code.charAt(i);
      if (c < 'A' || c > 'Z') {
        return -1;
      }
      index = index * 26 + c - 'A';
    }
    return index;
  }

  /** Whether the JDK knows {@code code} as an ISO 4217 currency. */
  public static boolean isIso4217(String code) {
    int index = indexOf(code);
    return index >= 0 && ISO_4217.get(index);
  }
}
