package dev.riskgate.rules;

/**
 * Boxed doubles for the audit event's nullable {@code observed} and {@code threshold}, shared: every transaction
 * evaluates every rule, and boxing two values per evaluation was a third of all the bytes a backtest allocated (JFR).
 * Thresholds never change and most observed values recur (0, small counts), so a small table of recent boxes answers
 * nearly all of them. Several threads may share it: a slot is read and written whole, and a Double is immutable.
 */
final class BoxedDoubles {
  private static final int SLOT_BITS = 12;
  private static final Double[] RECENT = new Double[1 << SLOT_BITS];

  private BoxedDoubles() {}

  /** A Double equal to {@code value} (same bits, so -0.0 and NaNs stay what they are). */
  static Double of(double value) {
    long bits = Double.doubleToRawLongBits(value);
    int slot = ((int) (bits ^ bits >>> 32) * 0x9e3779b9) >>> (32 - SLOT_BITS);
    Double recent = RECENT[slot];
    if (recent != null && Double.doubleToRawLongBits(recent) == bits) {
      return recent;
    }
    Double boxed = value;
    RECENT[slot] = boxed;
    return boxed;
  }
}
