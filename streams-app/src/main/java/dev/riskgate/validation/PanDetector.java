package dev.riskgate.validation;

/**
 * Finds primary account numbers: runs of 13 to 19 digits that pass the Luhn check. riskgate works on card tokens
 * only, so a PAN in any field is refused, and masked before the record's bytes reach the dead-letter topic.
 */
public final class PanDetector {
  private static final int MIN = 13;
  private static final int MAX = 19;

  private PanDetector() {}

  public static boolean containsPan(CharSequence text) {
    if (text == null || text.length() < MIN) {
      return false;
    }
    int runStart = -1;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : 0;
      boolean digit = c >= '0' && c <= '9'; // ASCII digits only: other scripts' digits are no card number
      if (digit && runStart < 0) {
        runStart = i;
      } else if (!digit && runStart >= 0) {
        if (hasPan(text, runStart, i)) {
          return true;
        }
        runStart = -1;
      }
    }
    return false;
  }

  /**
   * Replaces, in place, every digit of a run in ASCII/UTF-8 bytes that holds a PAN with '*'; length is kept. In Avro
   * binary a string's length prefix or the next field's varint can be a digit byte next to the field's own digits,
   * so any 13-19 digit Luhn-valid stretch inside a longer run counts: over-masking forensic bytes costs nothing.
   */
  public static boolean maskInPlace(byte[] bytes) {
    if (bytes == null) {
      return false;
    }
    boolean masked = false;
    int runStart = -1;
    for (int i = 0; i <= bytes.length; i++) {
      boolean digit = i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9';
      if (digit && runStart < 0) {
        runStart = i;
      } else if (!digit && runStart >= 0) {
        CharSequence run = new String(bytes, runStart, i - runStart, java.nio.charset.StandardCharsets.US_ASCII);
        if (hasPanWithin(run)) {
          for (int j = runStart; j < i; j++) {
            bytes[j] = '*';
          }
          masked = true;
        }
        runStart = -1;
      }
    }
    return masked;
  }

  /** Masks PAN-shaped runs in text, keeping the last four digits. */
  public static String mask(String text) {
    if (!containsPan(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text);
    int runStart = -1;
    for (int i = 0; i <= out.length(); i++) {
      boolean digit = i < out.length() && out.charAt(i) >= '0' && out.charAt(i) <= '9';
      if (digit && runStart < 0) {
        runStart = i;
      } else if (!digit && runStart >= 0) {
        if (hasPan(out, runStart, i)) {
          for (int j = runStart; j < i - 4; j++) {
            out.setCharAt(j, '*');
          }
        }
        runStart = -1;
      }
    }
    return out.toString();
  }

  /** A whole run of 13 to 19 digits that passes Luhn; longer runs are other numbers, not card numbers. */
  private static boolean hasPan(CharSequence s, int from, int to) {
    int length = to - from;
    return length >= MIN && length <= MAX && luhn(s, from, to);
  }

  private static boolean hasPanWithin(CharSequence run) {
    for (int length = MIN; length <= Math.min(MAX, run.length()); length++) {
      for (int from = 0; from + length <= run.length(); from++) {
        if (luhn(run, from, from + length)) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean luhn(CharSequence s, int from, int to) {
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
