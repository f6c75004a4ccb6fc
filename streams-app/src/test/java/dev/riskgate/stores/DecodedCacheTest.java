package dev.riskgate.stores;

import dev.riskgate.features.MerchantActivity;
import dev.riskgate.features.MerchantProfile;
import dev.riskgate.merchant.MerchantProcessor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.assertj.core.api.Assertions.assertThat;

class DecodedCacheTest {

  @Test
  void aSlotHoldsWhileTheStoreReturnsTheSameBytes() {
    DecodedCache<String> cache = new DecodedCache<>(16);
    byte[] stored = {1, 2, 3};
    cache.put("mer_a", stored, "decoded");
    assertThat(cache.get("mer_a", stored)).isEqualTo("decoded");
    assertThat(cache.get("mer_a", stored.clone())).as("an equal copy, as RocksDB returns").isEqualTo("decoded");
    assertThat(cache.get("mer_a", new byte[] {1, 2, 4})).as("updated underneath").isNull();
    assertThat(cache.take("mer_a", stored)).isEqualTo("decoded");
    assertThat(cache.get("mer_a", stored)).as("taken to be changed: gone until put back").isNull();
  }

  /**
   * The cache hands the processor its own last profile instead of decoding: both must then evolve identically, for
   * a shop with a few terminals and for a chain with more terminals than the profile remembers transactions.
   */
  @ParameterizedTest
  @ValueSource(ints = {5, 150})
  void aMerchantProfileKeptDecodedEvolvesAsOneDecodedFromItsBytes(int terminals) {
    Random random = new Random(7);
    MerchantProfile kept = new MerchantProfile();
    long t = 1_790_000_000_000L;
    for (int i = 0; i < 2_000; i++) {
      t += random.nextInt(90_000);
      float amount = random.nextInt(10) == 0 ? 1.5f : random.nextFloat() * 300;
      MerchantActivity a = new MerchantActivity("trm_" + random.nextInt(terminals), random.nextInt(40), amount,
          amount < 2, t, (byte) random.nextInt(24));
      MerchantProfile decoded = MerchantProfile.fromBytes(kept.toBytes());
      for (MerchantProfile p : new MerchantProfile[] {kept, decoded}) {
        p.add(a);
        p.shouldPublish(p.features("mer_a"), MerchantProcessor.PUBLISH_INTERVAL_MS);
      }
      assertThat(kept.features("mer_a")).isEqualTo(decoded.features("mer_a"));
      assertThat(kept.toBytes()).isEqualTo(decoded.toBytes());
    }
  }
}
