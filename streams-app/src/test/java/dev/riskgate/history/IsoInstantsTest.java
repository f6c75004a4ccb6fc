package dev.riskgate.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IsoInstantsTest {

  @Provide
  Arbitrary<Instant> instants() {
    // whole seconds, milliseconds, microseconds and nanoseconds, from before year 0 to after 9999
    Arbitrary<Long> seconds = Arbitraries.longs().between(-70_000_000_000L, 260_000_000_000L);
    Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999)
        .map(ms -> ms * 1_000_000), Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
        Arbitraries.integers().between(0, 999_999_999));
    return net.jqwik.api.Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
  }

  @Property(tries = 3_000)
  void formatsAsInstantToString(@ForAll("instants") Instant instant) {
    assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
  }

  /** One formatter over a sequence, seconds repeating (the cache) and jumping (a new second, other years). */
  @Property(tries = 300)
  void aFormatterFormatsEverySequenceAsInstantToString(@ForAll("instants") Instant first,
      @ForAll("instants") Instant other) {
    IsoInstants.Formatter formatter = new IsoInstants.Formatter();
    for (Instant instant : new Instant[] {first, first.plusMillis(5), first.plusNanos(1_000), first,
        first.plusSeconds(1), other, other.plusNanos(7), first, other.minusMillis(1)}) {
      assertThat(formatter.format(instant)).isEqualTo(instant.toString());
    }
  }

  @Property(tries = 3_000)
  void parsesWhatInstantParses(@ForAll("instants") Instant instant) {
    assertThat(IsoInstants.parse(instant.toString())).isEqualTo(instant);
  }

  @Property(tries = 3_000)
  void parsesEveryFractionLengthAsTheJdkDoes(@ForAll("instants") Instant instant,
      @ForAll("fractionDigits") int digits) {
    String whole = instant.toString().replaceFirst("(\\.\\d+)?Z$", "");
    String fraction = String.format("%09d", instant.getNano()).substring(0, digits);
    String text = whole + "." + fraction + "Z";
    assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
  }

  @Provide
  Arbitrary<Integer> fractionDigits() {
    return Arbitraries.integers().between(1, 9);
  }

  @Example
  void answersOtherShapesAndErrorsAsTheJdkDoes() {
    for (String text : new String[] {"2026-11-01T08:00:00+01:00", "2024-12-31T23:59:60Z", "2026-11-01t08:00:00z",
        "2026-02-30T08:00:00Z", "2026-13-01T08:00:00Z", "2026-11-01T24:00:00Z", "2026-11-01T08:00:00.Z",
        "2026-11-01 08:00:00Z", "2026-11-01T08:00:0xZ", "2026-11-01T08:00:00.1234567890Z", "+12026-11-01T08:00:00Z"}) {
      String jdk;
      try {
        jdk = Instant.parse(text).toString();
      } catch (DateTimeParseException e) {
        jdk = e.getMessage();
      }
      String ours;
      try {
        ours = IsoInstants.parse(text).toString();
      } catch (DateTimeParseException e) {
        ours = e.getMessage();
      }
      assertThat(ours).as(text).isEqualTo(jdk);
    }
    assertThatThrownBy(() -> IsoInstants.parse("2026-13-01T08:00:00Z")).isInstanceOf(DateTimeParseException.class);
  }
}
