package dev.riskgate.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ArenaBytesMapTest {
  /** A put; a null value removes. */
  record Op(String key, byte[] value) {}

  /** Any sequence of puts and removals answers as a HashMap does, keys with equal hash codes included. */
  @Property(tries = 500)
  void answersAsAHashMap(@ForAll("operations") List<Op> operations) {
    ArenaBytesMap arena = new ArenaBytesMap();
    Map<String, byte[]> model = new HashMap<>();
    for (Op op : operations) {
      arena.put(op.key(), op.value());
      if (op.value() == null) {
        model.remove(op.key());
      } else {
        model.put(op.key(), op.value());
      }
      assertThat(arena.get(op.key())).isEqualTo(model.get(op.key()));
    }
    for (Op op : operations) {
      assertThat(arena.get(op.key())).as(op.key()).isEqualTo(model.get(op.key()));
    }
  }

  @Provide
  Arbitrary<List<Op>> operations() {
    // "Aa" and "BB" share a hash code, as do their concatenations: collisions on purpose
    Arbitrary<String> keys = Arbitraries.oneOf(
        Arbitraries.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "", "tx-1", "é€😀"),
        Arbitraries.strings().all().ofMaxLength(12));
    Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(80).injectNull(0.15);
    return Combinators.combine(keys, values).as(Op::new).list().ofMaxSize(3_000);
  }

  @Test
  void keepsMillionsOfEntriesAndValuesLargerThanAChunk() {
    ArenaBytesMap arena = new ArenaBytesMap();
    for (int i = 0; i < 2_000_000; i++) {
      arena.put("tx-" + i, new byte[] {(byte) i, (byte) (i >>> 8), 7});
    }
    byte[] huge = new byte[5 << 20];
    huge[huge.length - 1] = 42;
    arena.put("huge", huge);
    arena.put("after-huge", new byte[] {1});
    arena.put("tx-17", new byte[] {9});
    for (int i = 0; i < 2_000_000; i += 9_999) {
      assertThat(arena.get("tx-" + i)).isEqualTo(i == 17 ? new byte[] {9} : new byte[] {(byte) i, (byte) (i >>> 8), 7});
    }
    assertThat(arena.get("tx-17")).containsExactly(9);
    assertThat(arena.get("huge")).isEqualTo(huge);
    assertThat(arena.get("after-huge")).containsExactly(1);
    assertThat(arena.get("tx-2000000")).isNull();
  }
}
