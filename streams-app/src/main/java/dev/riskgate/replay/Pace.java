package dev.riskgate.replay;

import java.util.Locale;

/**
 * How fast a replay sends: as fast as possible, a fixed number of records per second, or the original timing sped up
 * by a factor (x1 keeps the gaps between event times, x60 turns an hour into a minute). Due times are absolute from
 * the start, so a pause (GC, a slow broker) is caught up rather than accumulated.
 */
public record Pace(double recordsPerSecond, double speed) {
  public static final Pace MAX = new Pace(0, 0);

  public static Pace rate(double recordsPerSecond) {
    if (!(recordsPerSecond > 0)) {
      throw new IllegalArgumentException("--rate must be positive, got " + recordsPerSecond);
    }
    return new Pace(recordsPerSecond, 0);
  }

  /** {@code x10}, {@code 10x} or {@code 10}: ten times faster than the original. */
  public static Pace speed(String factor) {
    String f = factor.trim().toLowerCase(Locale.ROOT).replace("x", "");
    double value;
    try {
      value = Double.parseDouble(f);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--speed '" + factor + "' is not a factor like x1, x10 or x60");
    }
    if (!(value > 0)) {
      throw new IllegalArgumentException("--speed must be positive, got " + factor);
    }
    return new Pace(0, value);
  }

  /**
   * Nanoseconds after the start at which record {@code index} (from 0) with event time {@code timeMs} is due; 0 for
   * as fast as possible. {@code firstTimeMs} is the event time of the first record.
   */
  long dueNanos(long index, long timeMs, long firstTimeMs) {
    if (recordsPerSecond > 0) {
      return (long) (index * 1e9 / recordsPerSecond);
    }
    if (speed > 0) {
      return (long) (Math.max(0, timeMs - firstTimeMs) * 1e6 / speed);
    }
    return 0;
  }

  @Override
  public String toString() {
    if (recordsPerSecond > 0) {
      return String.format(Locale.ROOT, "%,.0f records/s", recordsPerSecond);
    }
    return speed > 0 ? String.format(Locale.ROOT, "x%s original speed", speed == Math.rint(speed)
        ? Long.toString((long) speed) : Double.toString(speed)) : "as fast as possible";
  }
}
