package dev.riskgate.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.Transaction;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CardProfileTest {
  private static final long T = 1_790_000_000_000L;

  @Test
  void findsTheTransactionsItListsByIdHashWithWhereTheyWereRead() {
    CardProfile p = new CardProfile();
    p.times[0] = T;
    p.idHashes[0] = CardProfile.idHash("tx-listed");
    p.offsets[0] = 42;
    p.size = 1;
    int at = p.listed(CardProfile.idHash("tx-listed"), p.size());
    assertThat(at).isZero();
    assertThat(p.timeAt(at)).isEqualTo(T);
    assertThat(p.offsetAt(at)).isEqualTo(42);
    assertThat(p.listed(CardProfile.idHash("tx-new"), p.size())).isEqualTo(CardProfile.NOT_LISTED);
    assertThat(p.mayBeStoredByHash(T - 86_400_000L)).as("nothing left the ring").isFalse();
    assertThat(p.mayBeStoredById(T - 86_400_000L)).as("nothing stored under an id").isFalse();

    p.storedByHash(T - 10);
    assertThat(p.mayBeStoredByHash(T - 10)).as("stored at T-10, findable from T-10").isTrue();
    assertThat(p.mayBeStoredByHash(T - 9)).as("everything stored is older").isFalse();
    p.storedById(T - 20);
    assertThat(p.mayBeStoredById(T - 20)).isTrue();
    assertThat(p.mayBeStoredById(T - 19)).isFalse();
  }

  @Test
  void idsWithTheSameStringHashAreToldApart() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    assertThat(CardProfile.idHash("Aa")).isNotEqualTo(CardProfile.idHash("BB"));
    CardProfile p = new CardProfile();
    p.idHashes[0] = CardProfile.idHash("Aa");
    p.offsets[0] = 7;
    p.size = 1;
    assertThat(p.listed(CardProfile.idHash("BB"), p.size())).isEqualTo(CardProfile.NOT_LISTED);
  }

  @Test
  void remembersWhatLeftTheRingWhenATransactionIsFoldedIn() {
    CardProfile p = new CardProfile();
    for (int i = 0; i < CardProfile.RING; i++) {
      p.times[i] = T + i;
      p.idHashes[i] = i;
      p.offsets[i] = 100 + i;
    }
    p.size = CardProfile.RING;
    CardFeatures.apply(p, transaction("tx-next", T + 100), 500, Rulesets.defaultRuleset().currencies(),
        new FeatureVector());
    assertThat(p.pushedOutUnstored()).isTrue();
    assertThat(p.pushedOutTime()).isEqualTo(T);
    assertThat(p.pushedOutHash()).isZero();
    assertThat(p.pushedOutOffset()).isEqualTo(100);
    int at = p.listed(CardProfile.idHash("tx-next"), p.size());
    assertThat(p.offsetAt(at)).isEqualTo(500);
  }

  @Test
  void findsAnIdListedTwiceNewestFirst() {
    CardProfile p = new CardProfile();
    for (int i = 0; i < 3; i++) {
      p.times[i] = T + i;
      p.idHashes[i] = i == 1 ? 99 : CardProfile.idHash("tx-x");
      p.offsets[i] = 10 + i;
    }
    p.size = 3;
    long hash = CardProfile.idHash("tx-x");
    assertThat(p.listed(hash, p.size())).isEqualTo(2);
    assertThat(p.listed(hash, 2)).isZero();
    assertThat(p.listed(hash, 0)).isEqualTo(CardProfile.NOT_LISTED);
  }

  @Test
  void aTransactionStoredUnderItsIdDoesNotLeaveTheRingUnstored() {
    CardProfile p = new CardProfile();
    FeatureVector features = new FeatureVector();
    for (int i = 0; i <= CardProfile.RING; i++) {
      CardFeatures.apply(p, transaction("tx-" + i, T + i), i, Rulesets.defaultRuleset().currencies(), features);
      if (i == 0) {
        p.storedById(T);
      }
    }
    assertThat(p.pushedOutTime()).isEqualTo(T);
    assertThat(p.pushedOutUnstored()).as("tx-0 is in the store under its id").isFalse();
    CardFeatures.apply(p, transaction("tx-next", T + 100), 100, Rulesets.defaultRuleset().currencies(), features);
    assertThat(p.pushedOutTime()).isEqualTo(T + 1);
    assertThat(p.pushedOutUnstored()).isTrue();
  }

  @Test
  void keepsIdHashesOffsetsAndWhatItStoredThroughItsBytes() {
    CardProfile p = new CardProfile();
    p.times[0] = T;
    p.idHashes[0] = CardProfile.idHash("tx-a");
    p.offsets[0] = 9_000_000_000L;
    p.size = 1;
    p.storedByHash(T - 60_000);
    p.storedById(T - 120_000);
    CardProfile read = CardProfile.fromBytes(p.toBytes());
    assertThat(read.listed(CardProfile.idHash("tx-a"), read.size())).isZero();
    assertThat(read.offsetAt(0)).isEqualTo(9_000_000_000L);
    assertThat(read.mayBeStoredByHash(T - 60_000)).isTrue();
    assertThat(read.mayBeStoredByHash(T - 59_999)).isFalse();
    assertThat(read.mayBeStoredById(T - 120_000)).isTrue();
    assertThat(read.mayBeStoredById(T - 119_999)).isFalse();
    assertThat(CardProfile.newestTimeOf(p.toBytes())).isEqualTo(T);
  }

  /** The offline store rewrites profiles in place, so a profile may be read from an array longer than it. */
  @Test
  void readsTheSameFromAnArrayWithATail() {
    CardProfile p = new CardProfile();
    for (int i = 0; i < 3; i++) {
      p.times[i] = T + i;
      p.amounts[i] = 10 + i;
      p.idHashes[i] = CardProfile.idHash("tx-" + i);
      p.offsets[i] = i;
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
    assertThat(read.mayBeStoredById(T)).as("its transactions are in the store under their ids").isTrue();
    assertThat(read.mayBeStoredById(T + 1)).isFalse();
    assertThat(read.mayBeStoredByHash(Long.MIN_VALUE + 1)).isFalse();
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
    assertThat(read.idHashes).startsWith(100L, 101L);
    assertThat(read.offsets).startsWith(CardProfile.NO_OFFSET, CardProfile.NO_OFFSET);
    byte[] again = read.toBytes();
    assertThat(again[0]).as("written back in the current format").isEqualTo((byte) 6);
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
    assertThat(read.mayBeStoredById(T)).as("all it listed and forgot is in the store under its id").isTrue();
    assertThat(read.mayBeStoredByHash(T - 5_000)).isFalse();
    byte[] again = read.toBytes();
    assertThat(again[0]).isEqualTo((byte) 6);
    assertThat(CardProfile.newestTimeOf(again)).isEqualTo(T);
    assertThat(CardProfile.fromBytes(again).categories).startsWith(CardProfile.NO_CATEGORY, CardProfile.NO_CATEGORY);
  }

  @Test
  void aProfileStoredBeforeOffsetsSendsARetryOfWhatItListsToTheStoreById() {
    // format 5: 32-bit id hashes (String.hashCode), countries and categories, no offsets
    String[] ids = {"tx-old-0", "tx-old-1"};
    byte[] format5 = storedIn(5, 29, (b, i) -> b.putLong(T - 1_000 + i * 1_000).putFloat(40f).putInt(7).putInt(8)
        .put(CardProfile.CHIP_READ).putInt(ids[i].hashCode()).putShort(CardProfile.country("FR")).putShort((short) 5411));

    CardProfile read = CardProfile.fromBytes(format5);
    assertThat(CardProfile.newestTimeOf(format5)).isEqualTo(T);
    assertThat(read.categories).startsWith((short) 5411, (short) 5411);
    assertThat(read.listedByIdOnly("tx-old-1")).isTrue();
    assertThat(read.listedByIdOnly("tx-other")).isFalse();
    assertThat(read.listed(CardProfile.idHash("tx-old-1"), read.size())).as("no offset, no ring hit")
        .isEqualTo(CardProfile.NOT_LISTED);
    assertThat(read.mayBeStoredById(T)).isTrue();
    CardProfile again = CardProfile.fromBytes(read.toBytes());
    assertThat(again.listedByIdOnly("tx-old-0")).as("still by id once rewritten").isTrue();
    assertThat(again.mayBeStoredById(T)).isTrue();
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

  private static Transaction transaction(String id, long eventTime) {
    return Transaction.newBuilder().setTransactionId(id).setCardToken("tok_card1").setAccountId("acc_acct1")
        .setMerchantId("mer_shop1").setTerminalId("trm_t1").setMcc("5411").setAmountMinor(2_500).setCurrency("EUR")
        .setEntryMode(EntryMode.CHIP).setEventTime(Instant.ofEpochMilli(eventTime)).setCountry("FR")
        .setAcquirerId("acq_a").build();
  }
}
