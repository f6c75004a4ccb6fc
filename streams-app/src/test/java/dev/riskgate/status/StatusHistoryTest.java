package dev.riskgate.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.status.StatusHistory.Version;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusHistoryTest {
  private static final long DAY = 86_400_000L;

  @Test
  void keepsVersionsInEffectiveTimeOrderALaterArrivalWinningATie() {
    byte[] stored = StatusHistory.with(null, version(300, "c"), DAY);
    stored = StatusHistory.with(stored, version(100, "a"), DAY);
    stored = StatusHistory.with(stored, version(300, "d"), DAY);
    stored = StatusHistory.with(stored, new Version(200, true, null), DAY);

    assertThat(StatusHistory.versions(stored)).extracting(StatusHistoryTest::label)
        .containsExactly("100:a", "200:lift", "300:c", "300:d");
  }

  @Test
  void dropsVersionsSupersededBeforeTheHorizonButKeepsTheOneInForceAtItsStart() {
    byte[] stored = null;
    for (long day = 0; day <= 10; day++) {
      stored = StatusHistory.with(stored, version(day * DAY, "d" + day), 3 * DAY);
    }
    // the horizon starts at day 7: the change of day 7 is in force from then on, nothing older is needed
    assertThat(StatusHistory.versions(stored)).extracting(StatusHistoryTest::label)
        .containsExactly(7 * DAY + ":d7", 8 * DAY + ":d8", 9 * DAY + ":d9", 10 * DAY + ":d10");
    stored = StatusHistory.with(null, version(0, "old"), 3 * DAY);
    stored = StatusHistory.with(stored, version(10 * DAY, "new"), 3 * DAY);
    assertThat(StatusHistory.versions(stored)).extracting(StatusHistoryTest::label)
        .containsExactly("0:old", 10 * DAY + ":new");
  }

  @Test
  void keepsAtMostAFixedNumberOfVersions() {
    byte[] stored = null;
    for (int i = 0; i < StatusHistory.MAX_VERSIONS + 10; i++) {
      stored = StatusHistory.with(stored, version(i, "v" + i), DAY);
    }
    List<Version> versions = StatusHistory.versions(stored);
    assertThat(versions).hasSize(StatusHistory.MAX_VERSIONS);
    assertThat(label(versions.get(0))).isEqualTo("10:v10");
  }

  @Test
  void anEmptyHistoryHasNoVersions() {
    assertThat(StatusHistory.versions(null)).isEmpty();
  }

  private static Version version(long time, String value) {
    return new Version(time, true, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String label(Version v) {
    return v.time() + ":" + (v.tombstone() ? "lift" : new String(v.value(), StandardCharsets.UTF_8));
  }
}
