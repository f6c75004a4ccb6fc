package dev.riskgate.privacy;

import java.nio.charset.StandardCharsets;

/**
 * Finds primary account numbers (PANs). A PAN is 13 to 19 ASCII digits that pass the Luhn check, written as one run
 * or grouped by single spaces or dashes the way cards and receipts print them (groups of 3 to 6 digits, the last group
 * 1 to 6: 4-4-4-4, 4-6-5, 4-4-4-4-3 ...), and not adjacent to a letter or digit: a letter or digit right before or
 * after makes the digits part of a longer word such as a hex token, while {@code _}, punctuation and spaces are
 * boundaries. riskgate works on card tokens only, so a PAN in any field is refused, and masked wherever it is quoted.
 *
 * <p>Group sizes keep dates, times and phone numbers in free text ("2026-12-05", "+86 138 0013 8000") from joining
 * into a number: their short groups break the chain.
 */
public final class PanDetector {
  static final int MIN_DIGITS = 13;
  static final int MAX_DIGITS = 19;
  private static final int MIN_GROUP = 3;
  private static final int MAX_GROUP = 6;

  private PanDetector() {}

  /** Whether {@code text} holds a PAN. */
  public static boolean containsPan(CharSequence text) {
    return containsPan(text, TokenRanges.NONE);
  }

  /** Whether {@code text} holds a PAN other than a network token in one of the {@code allowed} ranges. */
  public static boolean containsPan(CharSequence text, TokenRanges allowed) {
    return scan(text, true, allowed, null);
  }

  /** Masks every PAN in text, keeping its last four digits and its separators. */
  public static String mask(String text) {
    if (text == null || !containsPan(text)) {
      return text;
    }
    boolean[] masked = new boolean[text.length()];
    scan(text, true, TokenRanges.NONE, masked);
    StringBuilder out = new StringBuilder(text);
    int keep = 0; // the last four digits of each PAN stay readable: walk backwards, restart at each PAN's end
    for (int i = out.length() - 1; i >= 0; i--) {
      if (!masked[i]) {
        keep = 0;
      } else if (isDigit(out.charAt(i)) && keep++ >= 4) {
        out.setCharAt(i, '*');
      }
    }
    return out.toString();
  }

  /**
   * Replaces, in place, every digit of a PAN-shaped stretch of ASCII/UTF-8 bytes with '*'; length is kept. In Avro
   * binary a string's length prefix, or the next field's varint, can be a digit or letter byte right next to the
   * field's own digits, so boundaries are not required here and any 13-19 digit Luhn-valid stretch inside a longer run
   * or chain counts: over-masking bytes kept for forensics costs less than a PAN reaching a topic.
   *
   * @return whether anything was masked
   */
  public static boolean maskInPlace(byte[] bytes) {
    if (bytes == null) {
      return false;
    }
    CharSequence text = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte, indices line up
    boolean[] masked = new boolean[bytes.length];
    if (!scan(text, false, TokenRanges.NONE, masked)) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if (masked[i] && bytes[i] >= '0' && bytes[i] <= '9') {
        bytes[i] = '*';
      }
    }
    return true;
  }

  /**
   * Looks at every chain of digit runs joined by single spaces or dashes. {@code strict}: the PAN definition above;
   * otherwise any Luhn-valid 13-19 digit stretch of a chain, with no group sizes or boundaries. Marks the characters
   * of each PAN (the whole chain when not strict) in {@code marks}, or stops at the first when {@code marks} is null.
   */
  private static boolean scan(CharSequence s, boolean strict, TokenRanges allowed, boolean[] marks) {
    if (s == null || s.length() < MIN_DIGITS || digitCount(s) < MIN_DIGITS) {
      return false; // nearly every id: no need to find the runs
    }
    int[] starts = new int[s.length() / 2 + 1];
    int[] ends = new int[starts.length];
    int runs = 0;
    for (int i = 0; i < s.length(); i++) {
      if (isDigit(s.charAt(i))) {
        int start = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        starts[runs] = start;
        ends[runs++] = i;
      }
    }
    boolean found = false;
    for (int first = 0; first < runs; first++) {
      int last = strict ? strictPanEnd(s, starts, ends, runs, first, allowed) : loosePanEnd(s, starts, ends, runs, first);
      if (last < 0) {
        continue;
      }
      found = true;
      if (marks == null) {
        return true;
      }
      for (int i = starts[first]; i < ends[last]; i++) {
        marks[i] = true;
      }
    }
    return found;
  }

  /** The last run of the longest PAN that starts with run {@code first}, or -1. */
  private static int strictPanEnd(CharSequence s, int[] starts, int[] ends, int runs, int first, TokenRanges allowed) {
    if (starts[first] > 0 && Character.isLetterOrDigit(s.charAt(starts[first] - 1))) {
      return -1;
    }
    int best = -1;
    int digits = 0;
    for (int last = first; last < runs; last++) {
      if (last > first) {
        int previous = ends[last - 1] - starts[last - 1];
        if (!joined(s, ends[last - 1], starts[last]) || previous < MIN_GROUP || previous > MAX_GROUP) {
          break;
        }
      }
      int length = ends[last] - starts[last];
      digits += length;
      if (digits > MAX_DIGITS) {
        break;
      }
      boolean shape = last == first || length <= MAX_GROUP;
      boolean endsAtBoundary = ends[last] == s.length() || !Character.isLetterOrDigit(s.charAt(ends[last]));
      if (digits >= MIN_DIGITS && shape && endsAtBoundary) {
        String number = digitsOf(s, starts, ends, first, last);
        if (luhn(number) && !allowed.covers(number)) {
          best = last;
        }
      }
    }
    return best;
  }

  /** The last run of a chain starting at {@code first} that holds a Luhn-valid 13-19 digit stretch anywhere, or -1. */
  private static int loosePanEnd(CharSequence s, int[] starts, int[] ends, int runs, int first) {
    if (first > 0 && joined(s, ends[first - 1], starts[first])) {
      return -1; // the chain was judged from its first run
    }
    int last = first;
    while (last + 1 < runs && joined(s, ends[last], starts[last + 1])) {
      last++;
    }
    String chain = digitsOf(s, starts, ends, first, last);
    for (int length = MIN_DIGITS; length <= Math.min(MAX_DIGITS, chain.length()); length++) {
      for (int from = 0; from + length <= chain.length(); from++) {
        if (luhn(chain, from, from + length)) {
          return last;
        }
      }
    }
    return -1;
  }

  private static boolean joined(CharSequence s, int previousEnd, int nextStart) {
    return nextStart - previousEnd == 1 && (s.charAt(previousEnd) == ' ' || s.charAt(previousEnd) == '-');
  }

  private static String digitsOf(CharSequence s, int[] starts, int[] ends, int first, int last) {
    StringBuilder digits = new StringBuilder(MAX_DIGITS);
    for (int run = first; run <= last; run++) {
      digits.append(s, starts[run], ends[run]);
    }
    return digits.toString();
  }

  private static int digitCount(CharSequence s) {
    int count = 0;
    for (int i = 0; i < s.length(); i++) {
      if (isDigit(s.charAt(i))) {
        count++;
      }
    }
    return count;
  }

  /** ASCII digits only: other scripts' digits are no card number. */
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  public static boolean luhn(CharSequence s) {
    return luhn(s, 0, s.length());
  }

  public static boolean luhn(CharSequence s, int from, int to) {
    int sum = 0;
    boolean dbl = false;
    for (int i = to - 1; i >= from; i--) {
      int d = s.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }
}
