package dev.riskgate.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class CardProfileTest {
  private static final long T = 1_790_000_000_000L;

  @Test
  void listsTheIdsOfItsTransactionsAndWhatItForgot() {
    CardProfile p = new CardProfile();
    p.times[0] = T;
    p.ids[0] = "tx-listed".hashCode();
    p.size = 1;
    assertThat(p.mayHaveDecided("tx-listed", T + 1)).isTrue();
    assertThat(p.mayHaveDecided("tx-new", T - 86_400_000L)).as("nothing forgotten").isFalse();

    p.forget(T - 10);
    assertThat(p.mayHaveDecided("tx-new", T - 10)).as("forgotten at T-10, findable from T-10").isTrue();
    assertThat(p.mayHaveDecided("tx-new", T - 9)).as("everything forgotten is older").isFalse();
  }

  @Test
  void keepsIdsAndTheForgottenTimeThroughItsBytes() {
    CardProfile p = new CardProfile();
    p.times[0] = T;
    p.ids[0] = "tx-a".hashCode();
    p.size = 1;
    p.forget(T - 60_000);
    CardProfile read = CardProfile.fromBytes(p.toBytes());
    assertThat(read.mayHaveDecided("tx-a", T)).isTrue();
    assertThat(read.mayHaveDecided("tx-b", T - 60_000)).isTrue();
    assertThat(read.mayHaveDecided("tx-b", T - 59_999)).isFalse();
    assertThat(CardProfile.newestTimeOf(p.toBytes())).isEqualTo(T);
  }

  /** The offline store rewrites profiles in place, so a profile may be read from an array longer than it. */
  @Test
  void readsTheSameFromAnArrayWithATail() {
    CardProfile p = new CardProfile();
    for (int i = 0; i < 3; i++) {
      p.times[i] = T + i;
      p.amounts[i] = 10 + i;
      p.ids[i] = ("tx-" + i).hashCode();
    }
    p.size = 3;
    p.hasPosition = true;
    p.lastLat = 51.5;
    byte[] exact = p.toBytes();
    byte[] longer = java.util.Arrays.copyOf(exact, exact.length + 200);
    java.util.Arrays.fill(longer, exact.length, longer.length, (byte) 0x7f);
    assertThat(CardProfile.fromBytes(longer).toBytes()).isEqualTo(exact);
    assertThat(CardProfile.newestTimeOf(longer)).isEqualTo(T + 2);
  }

  @Test
  void aProfileStoredBeforeIdsWereKeptCountsAllItsTransactionsAsForgotten() {
    // format 1: no id per transaction and no forgotten time; written by riskgate before this change
    ByteBuffer b = ByteBuffer.allocate(1 + 1 + 2 * 21 + 8 + 24 * 8 + 4 + 16 + 1 + 24);
    b.put((byte) 1).put((byte) 2);
    for (long time : new long[] {T - 1_000, T}) {
      b.putLong(time).putFloat(12.5f).putInt(7).putInt(8).put((byte) 0);
    }
    b.putLong(T / 3_600_000L);
    for (int i = 0; i < 24; i++) {
      b.putInt(0).putFloat(0);
    }
    b.putInt(2).putDouble(2.5).putDouble(0.1).put((byte) 0).putDouble(0).putDouble(0).putLong(0);
    byte[] format1 = b.array();

    CardProfile read = CardProfile.fromBytes(format1);
    assertThat(CardProfile.newestTimeOf(format1)).isEqualTo(T);
    assertThat(read.newestTime()).isEqualTo(T);
    assertThat(read.mayHaveDecided("any-id", T)).as("its transactions may be remembered decisions").isTrue();
    assertThat(read.mayHaveDecided("any-id", T + 1)).isFalse();
  }

  @Test
  void aProfileStoredBeforeCountriesAndTinyFlagsReadsTinyByAmountAndEveryCountryAsHome() {
    // format 2: ids and forgotten time, no tiny flag, no country; its tiny amounts were those under 2.00
    float[] amounts = {1.5f, 40f};
    byte[] format2 = storedIn(2, 25, (b, i) ->
        b.putLong(T - 1_000 + i * 1_000).putFloat(amounts[i]).putInt(7).putInt(8).put((byte) 0).putInt(100 + i));

    CardProfile read = CardProfile.fromBytes(format2);
    assertThat(CardProfile.newestTimeOf(format2)).isEqualTo(T);
    assertThat(read.flags[0] & CardProfile.TINY).isNotZero();
    assertThat(read.flags[1] & CardProfile.TINY).isZero();
    assertThat(read.countries).startsWith((short) 0, (short) 0);
    assertThat(read.ids).startsWith(100, 101);
    byte[] again = read.toBytes();
    assertThat(again[0]).as("written back in the current format").isEqualTo((byte) 5);
    assertThat(CardProfile.newestTimeOf(again)).isEqualTo(T);
    assertThat(CardProfile.fromBytes(again).flags[0] & CardProfile.TINY).isNotZero();
  }

  @Test
  void aProfileStoredBeforeCategoriesKeepsItsCountriesAndKnowsNoCategory() {
    // format 4: countries and reads, no merchant category
    byte[] format4 = storedIn(4, 27, (b, i) -> b.putLong(T - 1_000 + i * 1_000).putFloat(40f).putInt(7).putInt(8)
        .put(CardProfile.CHIP_READ).putInt(100 + i).putShort(CardProfile.country("FR")));

    CardProfile read = CardProfile.fromBytes(format4);
    assertThat(CardProfile.newestTimeOf(format4)).isEqualTo(T);
    assertThat(read.countries).startsWith(CardProfile.country("FR"), CardProfile.country("FR"));
    assertThat(read.categories).startsWith(CardProfile.NO_CATEGORY, CardProfile.NO_CATEGORY);
    assertThat(read.forgottenNewest).isEqualTo(T - 5_000);
    byte[] again = read.toBytes();
    assertThat(again[0]).isEqualTo((byte) 5);
    assertThat(CardProfile.newestTimeOf(again)).isEqualTo(T);
    assertThat(CardProfile.fromBytes(again).categories).startsWith(CardProfile.NO_CATEGORY, CardProfile.NO_CATEGORY);
  }

  @Test
  void readsAMerchantCategoryOfFourDigitsAndNothingElse() {
    assertThat(CardProfile.category("5944")).isEqualTo((short) 5944);
    assertThat(CardProfile.category("0742")).isEqualTo((short) 742);
    assertThat(CardProfile.category("59a4")).isEqualTo(CardProfile.NO_CATEGORY);
    assertThat(CardProfile.category("594")).isEqualTo(CardProfile.NO_CATEGORY);
    assertThat(CardProfile.category(null)).isEqualTo(CardProfile.NO_CATEGORY);
  }

  /**
   * A profile stored in an older {@code format} (2 or later: with the forgotten time) holding two transactions of
   * {@code recordBytes} each, which {@code record} writes by index; no hourly counts, two amounts in the profile,
   * no position, the newest forgotten transaction 5 s before T.
   */
  private static byte[] storedIn(int format, int recordBytes, java.util.function.ObjIntConsumer<ByteBuffer> record) {
    ByteBuffer b = ByteBuffer.allocate(1 + 1 + 2 * recordBytes + 8 + 24 * 8 + 4 + 16 + 1 + 24 + 8);
    b.put((byte) format).put((byte) 2);
    for (int i = 0; i < 2; i++) {
      record.accept(b, i);
    }
    b.putLong(T / 3_600_000L);
    for (int i = 0; i < 24; i++) {
      b.putInt(0).putFloat(0);
    }
    b.putInt(2).putDouble(2.5).putDouble(0.1).put((byte) 0).putDouble(0).putDouble(0).putLong(0).putLong(T - 5_000);
    return b.array();
  }
}
