package dev.riskgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PanDetectorTest {
  @Test
  void findsALuhnValidRunOfThirteenToNineteenDigits() {
    assertThat(PanDetector.containsPan("card " + BadInputs.withCheckDigit("411111111111111") + " end")).isTrue();
    assertThat(PanDetector.containsPan(BadInputs.withCheckDigit("555555555555"))).isTrue();
    assertThat(PanDetector.containsPan(BadInputs.withCheckDigit("601100000000000000"))).isTrue();
  }

  @Test
  void ignoresTokensShortRunsLongRunsAndNumbersFailingLuhn() {
    String valid = BadInputs.withCheckDigit("411111111111111");
    String invalid = valid.substring(0, 15) + (char) ('0' + (valid.charAt(15) - '0' + 1) % 10);
    assertThat(PanDetector.containsPan(invalid)).isFalse();
    assertThat(PanDetector.containsPan("tok_4f3a9bc2d1e0")).isFalse();
    assertThat(PanDetector.containsPan("123456789012")).isFalse();
    assertThat(PanDetector.containsPan(valid + "0000")).isFalse(); // 20 digits: not a card number
    assertThat(PanDetector.containsPan(null)).isFalse();
  }

  @Test
  void masksTextKeepingTheLastFourAndBytesEntirely() {
    String pan = BadInputs.withCheckDigit("411111111111111");
    assertThat(PanDetector.mask("pan=" + pan + ";")).isEqualTo("pan=" + "*".repeat(12) + pan.substring(12) + ";");
    byte[] bytes = ("x" + pan + "y").getBytes(StandardCharsets.US_ASCII);
    assertThat(PanDetector.maskInPlace(bytes)).isTrue();
    assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("x" + "*".repeat(16) + "y");
  }

  @Test
  void masksAPanInBytesEvenWhenABinaryNeighbourIsADigit() {
    // Avro: a 25-character string has the length byte '2' (zigzag 50) right before its first character
    String pan = BadInputs.withCheckDigit("411111111111111");
    byte[] bytes = ("2" + pan + "7").getBytes(StandardCharsets.US_ASCII);
    assertThat(PanDetector.maskInPlace(bytes)).isTrue();
    assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("*".repeat(18));
  }
}
