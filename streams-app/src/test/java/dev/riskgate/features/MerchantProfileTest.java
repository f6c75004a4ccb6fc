package dev.riskgate.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MerchantProfileTest {
  private static final long START = 1_785_000_000_000L;

  /**
   * The profile keeps each terminal id's encoded bytes between transactions; a profile decoded from its bytes on
   * every transaction (as after a restart) and one kept in memory throughout must store exactly the same bytes and
   * publish the same features, whatever terminals come and go from the ring (including non-ASCII ids).
   */
  @Test
  void aProfileKeptInMemoryStoresWhatOneDecodedEveryTimeStores() {
    Random random = new Random(7);
    String[] terminals = {"trm_a", "trm_b", "trm_ç", "trm_d", "trm_e", "trm_f", "trm_g", "trm_h"};
    MerchantProfile kept = new MerchantProfile();
    byte[] stored = MerchantProfile.fromBytes(null).toBytes();
    for (int i = 0; i < 400; i++) {
      // new String: live, every activity arrives decoded, never the same object as the ring's
      String terminal = new String(terminals[random.nextInt(i < 200 ? 3 : terminals.length)]);
      boolean tiny = random.nextBoolean();
      MerchantActivity activity = new MerchantActivity(terminal, random.nextInt(50), tiny ? 1.5f : 40f, tiny,
          START + i * 7_000L, (byte) 3);
      kept.add(activity);
      MerchantProfile decoded = MerchantProfile.fromBytes(stored);
      decoded.add(activity);
      stored = decoded.toBytes();
      assertThat(kept.toBytes()).as("after transaction %d", i).isEqualTo(stored);
      assertThat(kept.features("mer_1")).isEqualTo(decoded.features("mer_1"));
    }
  }
}
