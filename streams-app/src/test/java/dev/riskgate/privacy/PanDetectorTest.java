package dev.riskgate.privacy;

import dev.riskgate.validation.BadInputs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class PanDetectorTest {
  private static final String VISA = BadInputs.withCheckDigit("411111111111111");

  @Test
  void findsALuhnValidRunOfThirteenToNineteenDigits() {
    assertThat(PanDetector.containsPan("card " + VISA + " end")).isTrue();
    assertThat(PanDetector.containsPan(BadInputs.withCheckDigit("555555555555"))).isTrue();
    assertThat(PanDetector.containsPan(BadInputs.withCheckDigit("601100000000000000"))).isTrue();
  }

  @Test
  void findsACardNumberGroupedBySpacesOrDashesAsCardsPrintThem() {
    String amex = BadInputs.withCheckDigit("37828224631000");
    String nineteen = BadInputs.withCheckDigit("622202000000000000");
    for (String grouped : List.of(group(VISA, " ", 4, 4, 4, 4), group(VISA, "-", 4, 4, 4, 4),
        group(amex, " ", 4, 6, 5), group(nineteen, "-", 4, 4, 4, 4, 3), group(nineteen, " ", 5, 5, 5, 4),
        group(BadInputs.withCheckDigit("422222222222"), " ", 4, 4, 4, 1))) {
      assertThat(PanDetector.containsPan("pan: " + grouped + ".")).as(grouped).isTrue();
      assertThat(PanDetector.mask(grouped)).as(grouped).doesNotContain(grouped.substring(0, 6))
          .endsWith(grouped.substring(grouped.length() - 4));
    }
  }

  @Test
  void digitsNextToALetterOrDigitArePartOfALongerWord() {
    assertThat(PanDetector.containsPan("tok_" + VISA + "ab")).isFalse();
    assertThat(PanDetector.containsPan("tok_f" + VISA)).isFalse();
    assertThat(PanDetector.containsPan("x" + group(VISA, " ", 4, 4, 4, 4))).isFalse();
    assertThat(PanDetector.containsPan(VISA + "0000")).isFalse(); // 20 digits: not a card number
    // an underscore, punctuation and spaces are boundaries
    assertThat(PanDetector.containsPan("tok_" + VISA)).isTrue();
    assertThat(PanDetector.containsPan("(" + VISA + ")")).isTrue();
    assertThat(PanDetector.containsPan("id 12 " + group(VISA, " ", 4, 4, 4, 4) + " 7")).isTrue();
  }

  @Test
  void datesTimesPhoneNumbersAndShortRunsAreNoCardNumbers() {
    assertThat(PanDetector.containsPan("frozen 2026-12-05 10:30:00 by ops, ticket 4471-22")).isFalse();
    assertThat(PanDetector.containsPan("call +86 138 0013 8000 or +1 555 123 4567")).isFalse();
    assertThat(PanDetector.containsPan("123456789012")).isFalse();
    assertThat(PanDetector.containsPan("tok_4f3a9bc2d1e0")).isFalse();
    assertThat(PanDetector.containsPan(null)).isFalse();
    String failsLuhn = VISA.substring(0, 15) + (char) ('0' + (VISA.charAt(15) - '0' + 1) % 10);
    assertThat(PanDetector.containsPan(failsLuhn)).isFalse();
  }

  @Test
  void aCardTokenInADeclaredNetworkTokenRangeIsAccepted() {
    String token = BadInputs.withCheckDigit("489537000012346");
    TokenRanges ranges = TokenRanges.parse("489537, 53741000", "validation.token.ranges", new ArrayList<>());
    assertThat(PanDetector.containsPan(token, ranges)).isFalse();
    assertThat(PanDetector.containsPan(token)).isTrue();
    assertThat(PanDetector.containsPan(VISA, ranges)).isTrue();
  }

  @Test
  void tokenRangesMustBeDigitPrefixes() {
    List<String> problems = new ArrayList<>();
    TokenRanges.parse("4895, 48953x, 489537", "validation.token.ranges", problems);
    assertThat(problems).hasSize(2).allMatch(p -> p.startsWith("validation.token.ranges: '4895"));
  }

  @Test
  void masksTextKeepingTheLastFourAndBytesEntirely() {
    assertThat(PanDetector.mask("pan=" + VISA + ";")).isEqualTo("pan=" + "*".repeat(12) + VISA.substring(12) + ";");
    byte[] bytes = ("x" + VISA + "y").getBytes(StandardCharsets.US_ASCII);
    assertThat(PanDetector.maskInPlace(bytes)).isTrue();
    assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("x" + "*".repeat(16) + "y");
    byte[] grouped = ("P" + group(VISA, " ", 4, 4, 4, 4) + "H").getBytes(StandardCharsets.US_ASCII);
    assertThat(PanDetector.maskInPlace(grouped)).isTrue();
    assertThat(new String(grouped, StandardCharsets.US_ASCII)).isEqualTo("P**** **** **** ****H");
  }

  @Test
  void masksAPanInBytesEvenWhenABinaryNeighbourIsADigit() {
    // Avro: a 25-character string has the length byte '2' (zigzag 50) right before its first character
    byte[] bytes = ("2" + VISA + "7").getBytes(StandardCharsets.US_ASCII);
    assertThat(PanDetector.maskInPlace(bytes)).isTrue();
    assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("*".repeat(18));
  }

  /** A million random tokens of each alphabet, a letter inside every digit run of 13 or more: none is a PAN. */
  @Test
  void noRandomAlphanumericTokenIsRefused() {
    SplittableRandom random = new SplittableRandom(20261205);
    String[] alphabets = {"0123456789abcdef", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"};
    for (String alphabet : alphabets) {
      long refused = 0;
      for (int i = 0; i < 1_000_000; i++) {
        String token = "tok_" + letterInLongDigitRuns(randomText(random, alphabet, 16 + random.nextInt(28)), random);
        if (PanDetector.containsPan(token)) {
          refused++;
        }
      }
      assertThat(refused).as("tokens over %s refused", alphabet).isZero();
    }
  }

  private static String randomText(SplittableRandom random, String alphabet, int length) {
    char[] text = new char[length];
    for (int i = 0; i < length; i++) {
      text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(text);
  }

  /** Puts a letter inside every run of 13 or more digits, as a token's alphabet would. */
  private static String letterInLongDigitRuns(String text, SplittableRandom random) {
    StringBuilder out = new StringBuilder(text);
    int run = 0;
    for (int i = 0; i < out.length(); i++) {
      run = out.charAt(i) >= '0' && out.charAt(i) <= '9' ? run + 1 : 0;
      if (run == 13) {
        int letter = i - random.nextInt(13);
        out.setCharAt(letter, (char) ('a' + random.nextInt(6)));
        i = letter; // the digits after the letter start a new run
        run = 0;
      }
    }
    return out.toString();
  }

  /** {@code digits} split into groups of the given sizes joined by {@code separator}. */
  static String group(String digits, String separator, int... sizes) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (int size : sizes) {
      out.append(out.length() == 0 ? "" : separator).append(digits, at, at + size);
      at += size;
    }
    assertThat(at).as("group sizes add up").isEqualTo(digits.length());
    return out.toString();
  }

  @Test
  void groupsAddUp() {
    assertThat(group(BadInputs.pan(new Random(1), 16), " ", 4, 4, 4, 4)).hasSize(19);
  }
}
