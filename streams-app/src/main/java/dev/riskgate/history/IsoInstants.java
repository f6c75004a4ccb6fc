package dev.riskgate.history;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#parse} and {@link Instant#toString} for the one shape history files carry
 * ({@code 2026-11-01T08:00:00.005Z}), without the general formatter: a backtest reads and writes one per
 * transaction, and the formatter was a tenth of its main thread. Anything else goes to the JDK, which also words the
 * errors; the results are identical (property-tested).
 */
public final class IsoInstants {
  /** Years 0000-9999: the range Instant.toString prints without a sign. */
  private static final long FIRST_FOUR_DIGIT_DAY = LocalDate.of(0, 1, 1).toEpochDay();
  private static final long LAST_FOUR_DIGIT_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  private IsoInstants() {}

  public static Instant parse(CharSequence text) {
    Instant fast = parseSimple(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /** yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z in years 0000-9999, else null. */
  private static Instant parseSimple(CharSequence s) {
    int n = s.length();
    if (n < 20 || n > 30 || n == 21 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int nanos = 0;
    if (n > 20) {
      if (s.charAt(19) != '.') {
        return null;
      }
      int fraction = digits(s, 20, n - 21);
      nanos = fraction < 0 ? -1 : fraction * POWERS[9 - (n - 21)];
    }
    if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    try {
      long days = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    } catch (DateTimeException e) {
      return null; // e.g. February 30th: the JDK says so in its own words
    }
  }

  /** The value of {@code count} ASCII digits from {@code from}, or -1. */
  private static int digits(CharSequence s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  /** Exactly {@link Instant#toString}. */
  public static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400);
    if (days < FIRST_FOUR_DIGIT_DAY || days > LAST_FOUR_DIGIT_DAY) {
      return instant.toString();
    }
    LocalDate date = LocalDate.ofEpochDay(days);
    int secondOfDay = Math.floorMod(seconds, 86_400);
    StringBuilder b = new StringBuilder(30);
    pad(b, date.getYear(), 4).append('-');
    pad(b, date.getMonthValue(), 2).append('-');
    pad(b, date.getDayOfMonth(), 2).append('T');
    pad(b, secondOfDay / 3_600, 2).append(':');
    pad(b, secondOfDay / 60 % 60, 2).append(':');
    pad(b, secondOfDay % 60, 2);
    int nanos = instant.getNano();
    if (nanos != 0) {
      b.append('.');
      if (nanos % 1_000_000 == 0) {
        pad(b, nanos / 1_000_000, 3);
      } else if (nanos % 1_000 == 0) {
        pad(b, nanos / 1_000, 6);
      } else {
        pad(b, nanos, 9);
      }
    }
    return b.append('Z').toString();
  }

  /**
   * {@link IsoInstants#format} for instants that come mostly in time order, as a backtest's event times do: the date
   * and time of day are worked out once per second and only the fraction per call. One per thread.
   */
  public static final class Formatter {
    private static final int WHOLE_SECOND = 19; // 2026-11-01T08:00:00
    private final char[] text = new char[WHOLE_SECOND + 11];
    private long second = Long.MIN_VALUE;
    private String whole;

    public String format(Instant instant) {
      if (instant.getEpochSecond() != second) {
        whole = IsoInstants.format(Instant.ofEpochSecond(instant.getEpochSecond()));
        if (whole.length() != WHOLE_SECOND + 1) {
          second = Long.MIN_VALUE; // a year outside 0000-9999: not worth keeping
          return IsoInstants.format(instant);
        }
        whole.getChars(0, WHOLE_SECOND, text, 0);
        second = instant.getEpochSecond();
      }
      int nanos = instant.getNano();
      if (nanos == 0) {
        return whole;
      }
      text[WHOLE_SECOND] = '.';
      int end = nanos % 1_000_000 == 0 ? fill(nanos / 1_000_000, 3)
          : nanos % 1_000 == 0 ? fill(nanos / 1_000, 6) : fill(nanos, 9);
      text[end] = 'Z';
      return new String(text, 0, end + 1);
    }

    private int fill(int value, int width) {
      int at = WHOLE_SECOND + 1;
      for (int p = POWERS[width - 1]; p > 0; p /= 10) {
        text[at++] = (char) ('0' + value / p % 10);
      }
      return at;
    }
  }

  private static StringBuilder pad(StringBuilder b, int value, int width) {
    for (int p = POWERS[width - 1]; p > 0; p /= 10) {
      b.append((char) ('0' + value / p % 10));
    }
    return b;
  }
}
