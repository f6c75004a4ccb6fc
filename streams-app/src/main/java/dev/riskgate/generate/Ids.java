package dev.riskgate.generate;

import java.util.Random;

/** Random ids whose every fourth character is a letter, so no id ever holds a digit run that could look like a PAN. */
final class Ids {
  private static final String LETTERS = "abcdefghijkmnpqrstuvwxyz";
  private static final String ALPHABET = LETTERS + "23456789";

  private Ids() {}

  static String random(Random random, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      String from = i % 4 == 0 ? LETTERS : ALPHABET;
      out[i] = from.charAt(random.nextInt(from.length()));
    }
    return new String(out);
  }
}
