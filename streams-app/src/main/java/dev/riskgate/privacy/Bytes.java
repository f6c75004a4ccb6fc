package dev.riskgate.privacy;

/** Searching raw record bytes. */
public final class Bytes {
  private Bytes() {}

  /** Index of the first {@code needle} in {@code haystack} at or after {@code from}, or -1. */
  public static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
