package dev.riskgate.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleProfileSweeperTest {

  @Test
  void sweepsComeWithAShareOfTheTtlNotEveryFewMinutes() {
    // the default TTL: one sweep an hour of stream time, so a replay crossing a day sweeps 24 times, not 144
    assertThat(IdleProfileSweeper.interval(Duration.ofDays(30))).isEqualTo(Duration.ofHours(1));
    assertThat(IdleProfileSweeper.interval(Duration.ofDays(7))).isEqualTo(Duration.ofMinutes(14));
    // a short TTL still sweeps, at most once a minute of stream time
    assertThat(IdleProfileSweeper.interval(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
  }
}
