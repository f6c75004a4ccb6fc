package dev.riskgate.history;

/**
 * Decimal text to the double {@link Double#parseDouble} gives, without its general machinery for the values history
 * files carry (coordinates such as -33.86785): up to 15 significant digits and 22 decimals, read as a whole number
 * and divided by a power of ten. Both are exact doubles then, and one IEEE division rounds correctly, so the result is
 * the same bit for bit (the fast path of Clinger's algorithm). Anything else goes to {@link Double#parseDouble}.
 */
final class DecimalText {
  private static final double[] POWERS_OF_TEN = new double[23];
  private static final long MAX_EXACT = 1L << 53;

  static {
    double power = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = power;
      power *= 10;
    }
  }

  private DecimalText() {}

  /** As {@link Double#parseDouble}, including its NumberFormatException. */
  static double parse(String text) {
    int length = text.length();
    int i = 0;
    boolean negative = false;
    if (length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    long digits = 0;
    int decimals = -1; // -1: no point seen
    int count = 0;
    for (; i < length; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = digits * 10 + (c - '0');
        count++;
        if (decimals >= 0) {
          decimals++;
        }
        if (count > 15) {
          return Double.parseDouble(text);
        }
      } else if (c == '.' && decimals < 0) {
        decimals = 0;
      } else {
        return Double.parseDouble(text); // exponents, spaces, NaN, hex ...: the general parser, or its error
      }
    }
    if (count == 0 || decimals >= POWERS_OF_TEN.length || digits > MAX_EXACT) {
      return Double.parseDouble(text);
    }
    double value = decimals <= 0 ? digits : digits / POWERS_OF_TEN[decimals];
    return negative ? -value : value;
  }
}
