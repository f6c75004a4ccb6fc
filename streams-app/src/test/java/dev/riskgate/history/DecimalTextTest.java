package dev.riskgate.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DecimalTextTest {

  /** Bit for bit what Double.parseDouble gives: coordinates, long fractions, many digits, signs, zeros. */
  @Property(tries = 5_000)
  void sameDoubleAsTheJdk(@ForAll("decimals") String text) {
    assertThat(Double.doubleToRawLongBits(DecimalText.parse(text)))
        .as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
  }

  @Provide
  Arbitrary<String> decimals() {
    Arbitrary<String> sign = Arbitraries.of("", "-", "+");
    Arbitrary<String> whole = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(18);
    Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(25);
    Arbitrary<Boolean> point = Arbitraries.of(true, false);
    return Combinators.combine(sign, whole, point, fraction)
        .as((s, w, p, f) -> s + w + (p ? "." + f : ""))
        .filter(t -> t.chars().anyMatch(Character::isDigit));
  }

  @Test
  void theUsualValuesAndTheUnusualOnes() {
    for (String text : new String[] {"-33.86785", "151.20732", "0", "-0", "-0.0", "5.", "-.5", "1e3", "1.5E-7",
        "123456789012345678", "0.1234567890123456789012345", "9007199254740993", "NaN", "-Infinity"}) {
      assertThat(Double.doubleToRawLongBits(DecimalText.parse(text))).as(text)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }
  }

  @Test
  void notANumberFailsAsTheJdkDoes() {
    for (String text : new String[] {"", ".", "-", "1.2.3", "12a", "1,5"}) {
      assertThatThrownBy(() -> DecimalText.parse(text)).as(text).isInstanceOf(NumberFormatException.class);
    }
  }
}
