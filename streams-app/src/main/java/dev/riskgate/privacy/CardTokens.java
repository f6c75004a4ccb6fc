package dev.riskgate.privacy;

import java.nio.charset.StandardCharsets;

/** Card tokens as analyst tools show them: masked by default, in full only when asked for. */
public final class CardTokens {
  private CardTokens() {}

  /** {@code tok_abcdefgh1234} -> {@code tok_…1234}; short tokens are hidden whole. */
  public static String mask(String token) {
    if (token == null) {
      return null;
    }
    if (token.length() <= 8) {
      return "****";
    }
    // one array, not two substrings and a concatenation: a backtest masks every transaction's card
    char[] masked = new char[9];
    token.getChars(0, 4, masked, 0);
    masked[4] = '…';
    token.getChars(token.length() - 4, token.length(), masked, 5);
    return new String(masked);
  }

  public static String show(String token, boolean unmask) {
    return unmask ? token : mask(token);
  }

  /**
   * A copy of {@code bytes} with the middle of every occurrence of {@code token} starred out, length unchanged (so an
   * Avro body stays the same size): a dead letter's raw bytes carry the card token its key masks.
   */
  public static byte[] maskIn(byte[] bytes, String token) {
    if (bytes == null || token == null || token.length() <= 8) {
      return bytes;
    }
    byte[] needle = token.getBytes(StandardCharsets.UTF_8);
    byte[] copy = bytes.clone();
    for (int at = Bytes.indexOf(copy, needle, 0); at >= 0; at = Bytes.indexOf(copy, needle, at + needle.length)) {
      for (int j = 4; j < needle.length - 4; j++) {
        copy[at + j] = '*';
      }
    }
    return copy;
  }
}
