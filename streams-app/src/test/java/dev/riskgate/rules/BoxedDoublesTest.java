package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BoxedDoublesTest {

  @Property(tries = 5_000)
  void boxesTheVeryValue(@ForAll double value) {
    assertThat(Double.doubleToRawLongBits(BoxedDoubles.of(value))).isEqualTo(Double.doubleToRawLongBits(value));
    assertThat(Double.doubleToRawLongBits(BoxedDoubles.of(value))).isEqualTo(Double.doubleToRawLongBits(value));
  }

  @Test
  void recurringValuesShareOneBoxAndSignedZerosStayApart() {
    assertThat(BoxedDoubles.of(3.0)).isSameAs(BoxedDoubles.of(3.0));
    assertThat(Double.doubleToRawLongBits(BoxedDoubles.of(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(Double.doubleToRawLongBits(BoxedDoubles.of(0.0))).isZero();
    assertThat(BoxedDoubles.of(Double.NaN)).isNaN();
  }
}
