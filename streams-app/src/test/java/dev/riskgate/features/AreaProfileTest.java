package dev.riskgate.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AreaProfileTest {
  private static final long HOUR = 3_600_000L;
  private static final long T = 1_000 * HOUR;

  private static FeatureVector fill(AreaProfile profile, long time, int card, int merchant) {
    FeatureVector features = new FeatureVector();
    profile.fill(time, card, merchant, true, features);
    return features;
  }

  @Test
  void countsDistinctCardsAndMerchantsOfTheHalfHourUpToThePayment() {
    AreaProfile profile = new AreaProfile();
    profile.add(T - 40 * 60_000L, 1, 10); // over half an hour before: not counted
    profile.add(T - 20 * 60_000L, 2, 10);
    profile.add(T - 10 * 60_000L, 2, 11); // the same card again
    profile.add(T - 5 * 60_000L, 3, 12);

    FeatureVector features = fill(profile, T, 4, 12);

    assertThat(features.get(Feature.AREA_SMALL_CARDS_30M)).isEqualTo(3); // cards 2, 3 and this one
    assertThat(features.get(Feature.AREA_SMALL_MERCHANTS_30M)).isEqualTo(3);
  }

  @Test
  void theRatioIsAgainstTheDayBeforeAndSurvivesTheBytes() {
    AreaProfile profile = new AreaProfile();
    for (int h = 24; h >= 1; h--) {
      profile.add(T - h * HOUR, h, h); // one an hour over the day before: half a payment per half hour
    }
    profile.add(T - 60_000L, 100, 100);

    FeatureVector direct = fill(profile, T, 101, 101);
    FeatureVector decoded = fill(AreaProfile.fromBytes(profile.toBytes()), T, 101, 101);

    assertThat(direct.get(Feature.AREA_SMALL_CARDS_30M)).isEqualTo(2);
    assertThat(direct.get(Feature.AREA_SMALL_CARDS_RATIO)).isEqualTo(2.0); // at least one usual per half hour
    assertThat(decoded.get(Feature.AREA_SMALL_CARDS_30M)).isEqualTo(direct.get(Feature.AREA_SMALL_CARDS_30M));
    assertThat(decoded.get(Feature.AREA_SMALL_CARDS_RATIO)).isEqualTo(direct.get(Feature.AREA_SMALL_CARDS_RATIO));
    assertThat(AreaProfile.newestTimeOf(profile.toBytes())).isEqualTo(T - 60_000L);
  }

  @Test
  void countsDistinctValuesAsASetDoes() {
    java.util.Random random = new java.util.Random(3);
    for (int round = 0; round < 200; round++) {
      int n = random.nextInt(AreaProfile.RING + 2);
      int[] values = new int[n];
      int spread = 1 + random.nextInt(400); // few values (many repeats) to many
      for (int i = 0; i < n; i++) {
        // 0 and values sharing their low bits included: the table's empty mark and its collisions
        values[i] = random.nextInt(4) == 0 ? (random.nextInt(spread) << 16) : random.nextInt(spread) - spread / 2;
      }
      java.util.Set<Integer> set = new java.util.HashSet<>();
      for (int value : values) {
        set.add(value);
      }
      assertThat(DistinctInts.count(values, n)).as("round %d", round).isEqualTo(set.size());
    }
  }
}
