package dev.riskgate.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HashKeyValueStoreTest {

  @Test
  void anOfflineStoreHoldsWhatWasPut() {
    HashKeyValueStore<String> store = HashKeyValueStore.offline("plain");
    byte[] value = {1, 2, 3};
    store.put("k", value);
    assertThat(store.get("k")).isSameAs(value);
    store.put("k", null);
    assertThat(store.get("k")).isNull();
  }

  /** Values rewritten in place start with what was put last, and grow into a new array only when they outgrow it. */
  @Test
  void anInPlaceStoreCopiesIntoTheArrayItHolds() {
    HashKeyValueStore<String> store = HashKeyValueStore.offlineInPlace("profiles");
    store.put("card", bytes(300, 1));
    byte[] held = store.get("card");
    assertThat(Arrays.copyOf(held, 300)).isEqualTo(bytes(300, 1));

    store.put("card", bytes(320, 2));
    assertThat(store.get("card")).isSameAs(held);
    assertThat(Arrays.copyOf(held, 320)).isEqualTo(bytes(320, 2));

    store.put("card", bytes(100, 3)); // shorter: the tail is left over from before, the format knows its length
    assertThat(store.get("card")).isSameAs(held);
    assertThat(Arrays.copyOf(held, 100)).isEqualTo(bytes(100, 3));

    store.put("card", bytes(held.length + 1, 4));
    assertThat(store.get("card")).isNotSameAs(held);
    assertThat(Arrays.copyOf(store.get("card"), held.length + 1)).isEqualTo(bytes(held.length + 1, 4));

    store.put("card", null);
    assertThat(store.get("card")).isNull();
  }

  private static byte[] bytes(int length, int fill) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) fill);
    return b;
  }
}
