package dev.riskgate.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * The chunked layout against a plain map: whatever is put, deleted (in key order or not), overwritten and flushed, a
 * store loaded from what the flushes left below (the latest record per key, as a compacted changelog keeps it) holds
 * exactly the entries alive at the last flush.
 */
class ChunkedEntriesTest {
  /** The store below as its changelog restores it, counting the records written to it. */
  private static final class Below implements ChunkedEntries.Sink {
    final TreeMap<Bytes, byte[]> latest = new TreeMap<>();
    /** The store below before the last flush, and that flush's records in order (a null value: a delete). */
    TreeMap<Bytes, byte[]> beforeLastFlush = new TreeMap<>();
    final List<KeyValue<Bytes, byte[]>> lastFlush = new ArrayList<>();
    int records;

    void flush(ChunkedEntries entries) {
      beforeLastFlush = new TreeMap<>(latest);
      lastFlush.clear();
      entries.flush(this);
    }

    @Override
    public void put(Bytes key, byte[] value) {
      latest.put(key, value);
      lastFlush.add(KeyValue.pair(key, value));
      records++;
    }

    @Override
    public void delete(Bytes key) {
      latest.remove(key);
      lastFlush.add(KeyValue.pair(key, null));
      records++;
    }

    ChunkedEntries restored() {
      return load(latest);
    }

    /** As restored after only the first {@code written} records of the last flush reached the changelog. */
    ChunkedEntries restoredAfterPartOfTheLastFlush(int written) {
      return restoredFrom(beforeLastFlush, lastFlush.subList(0, written));
    }

    private static ChunkedEntries load(TreeMap<Bytes, byte[]> stored) {
      return restoredFrom(stored, List.of());
    }
  }

  /**
   * What a restore makes of a changelog: {@code stored} (the latest record per key) with {@code records} applied in
   * order (a null value: a delete), loaded.
   */
  static ChunkedEntries restoredFrom(Map<Bytes, byte[]> stored, List<KeyValue<Bytes, byte[]>> records) {
    TreeMap<Bytes, byte[]> latest = new TreeMap<>(stored);
    records.forEach(record -> {
      if (record.value == null) {
        latest.remove(record.key);
      } else {
        latest.put(record.key, record.value);
      }
    });
    ChunkedEntries restored = new ChunkedEntries();
    restored.load(latest.entrySet().stream().map(e -> KeyValue.pair(e.getKey(), e.getValue())).iterator());
    return restored;
  }

  @Test
  void aRestoreHoldsWhatWasAliveAtTheLastFlushWhateverTheOrderOfDeletes() {
    for (long seed = 1; seed <= 40; seed++) {
      Random random = new Random(seed);
      ChunkedEntries entries = new ChunkedEntries();
      TreeMap<Bytes, byte[]> truth = new TreeMap<>();
      Below below = new Below();
      int next = 0;
      for (int step = 0; step < 3_000; step++) {
        int action = random.nextInt(100);
        if (action < 45) {
          Bytes key = key(random.nextInt(1_000_000));
          byte[] value = value(random, next++);
          entries.put(key, value);
          truth.put(key, value);
        } else if (action < 75 && !truth.isEmpty()) { // released in key order, as an alignment buffer releases
          for (int n = random.nextInt(5); n >= 0 && !truth.isEmpty(); n--) {
            Bytes lowest = truth.firstKey();
            assertThat(entries.delete(lowest)).isEqualTo(truth.remove(lowest));
          }
        } else if (action < 80 && !truth.isEmpty()) { // out of order
          Bytes any = truth.ceilingKey(key(random.nextInt(1_000_000)));
          if (any != null) {
            assertThat(entries.delete(any)).isEqualTo(truth.remove(any));
          }
        } else if (action < 83 && !truth.isEmpty()) { // overwritten
          Bytes any = truth.ceilingKey(key(random.nextInt(1_000_000)));
          if (any != null) {
            byte[] value = value(random, next++);
            entries.put(any, value);
            truth.put(any, value);
          }
        } else if (action < 97) {
          TreeMap<Bytes, byte[]> before = snapshot(below.restored());
          below.flush(entries);
          assertSame(below.restored(), truth);
          assertPartialFlushesLoseNothing(below, before, truth);
        } else {
          below.flush(entries);
          entries = below.restored(); // a restart: carry on from what the changelog restores
        }
        if (random.nextInt(50) == 0) {
          assertSame(entries, truth);
        }
      }
    }
  }

  @Test
  void transactionsHeldAcrossCommitsAndReleasedInOrderCostAFewRecordsPerFlush() {
    ChunkedEntries entries = new ChunkedEntries();
    Below below = new Below();
    TreeMap<Bytes, byte[]> truth = new TreeMap<>();
    Random random = new Random(7);
    int flushes = 200;
    for (int flush = 0; flush < flushes; flush++) {
      for (int i = 0; i < 60; i++) { // sixty new transactions a commit, their times a little ahead of the last
        Bytes key = key(flush * 60 + random.nextInt(240));
        byte[] value = value(random, flush * 60 + i);
        entries.put(key, value);
        truth.put(key, value);
      }
      while (truth.size() > 150) { // released in order, about as many as came
        Bytes lowest = truth.firstKey();
        entries.delete(lowest);
        truth.remove(lowest);
      }
      below.flush(entries);
    }
    assertSame(below.restored(), truth);
    // one record per entry put and one per entry deleted would be ~2 x 60 per flush
    assertThat(below.records).isLessThanOrEqualTo(flushes * 8);
  }

  @Test
  void anEntryPutAndDeletedBetweenTwoFlushesWritesNothing() {
    ChunkedEntries entries = new ChunkedEntries();
    Below below = new Below();
    entries.put(key(1), new byte[] {1});
    entries.delete(key(1));
    assertThat(entries.changed()).isFalse();
    below.flush(entries);
    assertThat(below.records).isZero();
  }

  @Test
  void chunksStayUnderTheirSizeAndLoadBack() {
    ChunkedEntries entries = new ChunkedEntries();
    Below below = new Below();
    TreeMap<Bytes, byte[]> truth = new TreeMap<>();
    Random random = new Random(3);
    for (int i = 0; i < 2_000; i++) {
      byte[] value = new byte[600];
      random.nextBytes(value);
      entries.put(key(i), value);
      truth.put(key(i), value);
    }
    below.flush(entries);
    int bytes = 4 + 2_000 * (4 + 29 + 4 + 600);
    assertThat(below.latest).hasSize((bytes + ChunkedEntries.CHUNK_BYTES - 1) / ChunkedEntries.CHUNK_BYTES);
    assertThat(below.latest.values()).allSatisfy(chunk -> assertThat(chunk.length)
        .isLessThanOrEqualTo(ChunkedEntries.CHUNK_BYTES));
    assertSame(below.restored(), truth);
  }

  @Test
  void entriesWrittenOneRecordEachByAnEarlierVersionAreKeptUntilDeleted() {
    Below below = new Below();
    below.latest.put(key(5), new byte[] {5});
    below.latest.put(key(9), new byte[] {9});
    ChunkedEntries entries = below.restored();
    entries.put(key(7), new byte[] {7});
    assertThat(entries.delete(key(5))).containsExactly(5);
    below.flush(entries);
    assertThat(below.latest).doesNotContainKey(key(5)).containsKey(key(9));
    assertSame(below.restored(), new TreeMap<>(Map.of(key(7), new byte[] {7}, key(9), new byte[] {9})));
  }

  @Test
  void keysOfTheStoresOwnLengthAreRefused() {
    assertThatThrownBy(() -> new ChunkedEntries().put(Bytes.wrap(new byte[ChunkedEntries.OWN_KEY_LENGTH]),
        new byte[1])).isInstanceOf(IllegalArgumentException.class);
  }

  /** Keys as an alignment buffer's: longer than the store's own, ordered as the number. */
  private static Bytes key(int n) {
    return Bytes.wrap(ByteBuffer.allocate(29).putLong(8, n).array());
  }

  private static byte[] value(Random random, int n) {
    byte[] value = new byte[1 + random.nextInt(40)];
    value[0] = (byte) n;
    return value;
  }

  /**
   * Under at-least-once a crash can leave only the first records of a flush in the changelog: restored from any such
   * part, an entry alive before and after the flush is there, and nothing is there that was alive at neither.
   */
  private static void assertPartialFlushesLoseNothing(Below below, TreeMap<Bytes, byte[]> before,
      TreeMap<Bytes, byte[]> after) {
    for (int written = 0; written <= below.lastFlush.size(); written++) {
      TreeMap<Bytes, byte[]> restored = snapshot(below.restoredAfterPartOfTheLastFlush(written));
      before.forEach((key, value) -> {
        if (Arrays.equals(after.get(key), value)) {
          assertThat(restored.get(key)).isEqualTo(value);
        }
      });
      restored.forEach((key, value) -> assertThat(Arrays.equals(before.get(key), value)
          || Arrays.equals(after.get(key), value)).as("%s restored, alive at neither flush", key).isTrue());
    }
  }

  private static TreeMap<Bytes, byte[]> snapshot(ChunkedEntries entries) {
    TreeMap<Bytes, byte[]> held = new TreeMap<>();
    entries.all().forEachRemaining(kv -> held.put(kv.key, kv.value));
    return held;
  }

  private static void assertSame(ChunkedEntries entries, TreeMap<Bytes, byte[]> truth) {
    List<String> held = new ArrayList<>();
    entries.all().forEachRemaining(kv -> held.add(kv.key + "=" + Arrays.toString(kv.value)));
    List<String> expected = new ArrayList<>();
    truth.forEach((key, value) -> expected.add(key + "=" + Arrays.toString(value)));
    assertThat(held).containsExactlyElementsOf(expected);
    assertThat(entries.size()).isEqualTo(truth.size());
  }
}
