package dev.riskgate.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.screening.HopRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Transactions from several card tasks, interleaved in whatever order they arrive, come out in event-time order,
 * same-millisecond ones by transactionId; only once every card task has passed them, unless one falls silent.
 */
class HopAlignmentTest {
  /** Event times of a replay: far from the wall clock (which starts at 0 here). */
  private static final long REPLAY = -86_400_000L;
  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
  private final KeyValueStore<Bytes, byte[]> buffer = store(Stores.keyValueStoreBuilder(
      Stores.inMemoryKeyValueStore("buffer"), Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build());
  private final KeyValueStore<Integer, Long> watermarks = store(Stores.keyValueStoreBuilder(
      Stores.inMemoryKeyValueStore("marks"), Serdes.Integer(), Serdes.Long()).withLoggingDisabled().build());

  @Test
  void releasesInEventTimeOrderOnceEveryCardTaskHasPassed() {
    HopAlignment alignment = new HopAlignment(buffer, watermarks, 2, 2_000, 0);
    hold(alignment, 0, REPLAY + 100, "tx_c");
    hold(alignment, 1, REPLAY + 90, "tx_b");
    hold(alignment, 0, REPLAY + 100, "tx_a");
    assertThat(released(alignment, 10)).as("task 1 has only reached 90").isEmpty();

    alignment.advance(1, REPLAY + 101, false, 20);
    assertThat(released(alignment, 20)).as("task 0 may still send more at 100").containsExactly("tx_b");
    alignment.advance(0, REPLAY + 101, false, 30);
    assertThat(released(alignment, 30)).as("same millisecond: by id").containsExactly("tx_a", "tx_c");
  }

  @Test
  void tellsHowLongEachReleasedTransactionWasHeld() {
    List<Long> held = new ArrayList<>();
    HopAlignment alignment = new HopAlignment(buffer, watermarks, 2, 2_000, 0).reportingTo(
        new dev.riskgate.screening.ScreeningRecorder() {
          @Override
          public void decided(dev.riskgate.schema.Decision decision, long recordTimestampMs, long nowMs) {}

          @Override
          public void deadLettered(dev.riskgate.schema.ErrorKind kind) {}

          @Override
          public void hopHeld(long heldMs) {
            held.add(heldMs);
          }
        }, "test");
    hold(alignment, 0, REPLAY + 100, "tx_a");
    alignment.advance(1, REPLAY + 101, false, 10);
    assertThat(released(alignment, 10)).isEmpty();
    alignment.advance(0, REPLAY + 101, false, 40);
    assertThat(released(alignment, 40)).containsExactly("tx_a");
    assertThat(held).as("held at 0, released at 40").containsExactly(40L);
  }

  @Test
  void aSilentCardTaskStopsHoldingTheOthersBackAndItsLaterTransactionsAreLate() {
    HopAlignment alignment = new HopAlignment(buffer, watermarks, 2, 2_000, 0);
    alignment.advance(1, REPLAY + 50, false, 0);
    hold(alignment, 0, REPLAY + 100, "tx_a");
    alignment.advance(0, REPLAY + 200, false, 10);
    assertThat(released(alignment, 1_000)).isEmpty();
    assertThat(released(alignment, 2_500)).as("task 1 silent past the timeout").containsExactly("tx_a");
    assertThat(alignment.isLate(REPLAY + 80)).isTrue();
    assertThat(alignment.isLate(REPLAY + 200)).isFalse();
  }

  @Test
  void whenEveryCardTaskSaysItIsQuietEverythingTheyPassedIsReleased() {
    HopAlignment alignment = new HopAlignment(buffer, watermarks, 2, 30_000, 0);
    hold(alignment, 0, REPLAY + 100, "tx_a");
    alignment.advance(0, REPLAY + 101, false, 0);
    hold(alignment, 1, REPLAY + 50, "tx_b");
    alignment.advance(1, REPLAY + 51, false, 0);
    assertThat(released(alignment, 500)).as("task 1 is at 51").containsExactly("tx_b");
    alignment.advance(0, REPLAY + 101, true, 1_200);
    assertThat(released(alignment, 1_200)).as("task 1 has not said it is quiet").isEmpty();
    alignment.advance(1, REPLAY + 51, true, 1_300);
    assertThat(released(alignment, 1_300)).as("both quiet: the end of a replay").containsExactly("tx_a");
  }

  @Test
  void aStalledThreadIsNotTakenForTheEndOfAReplay() {
    HopAlignment alignment = new HopAlignment(buffer, watermarks, 2, 30_000, 0);
    hold(alignment, 0, REPLAY + 100, "tx_a");
    alignment.advance(0, REPLAY + 101, false, 0);
    alignment.advance(1, REPLAY + 50, false, 0);
    assertThat(released(alignment, 5_000)).as("five seconds of wall clock without a word: task 1 may have more")
        .isEmpty();
    alignment.advance(1, REPLAY + 50, true, 5_100);
    alignment.advance(0, REPLAY + 101, true, 5_100);
    hold(alignment, 1, REPLAY + 60, "tx_b");
    assertThat(released(alignment, 5_200)).as("task 1 spoke again: no longer quiet, and it is at 60")
        .isEmpty();
    alignment.advance(1, REPLAY + 150, false, 5_300);
    assertThat(released(alignment, 5_300)).containsExactly("tx_b", "tx_a");
  }

  @Test
  void aPauseOfTheMerchantSideItselfDoesNotCountAsSilenceOfTheCardTasks() {
    List<Integer> givenUp = new ArrayList<>();
    HopAlignment alignment = new HopAlignment(buffer, watermarks, 2, 30_000, 0, givenUp::add);
    hold(alignment, 0, REPLAY + 100, "tx_a");
    alignment.advance(0, REPLAY + 101, false, 0);
    alignment.advance(1, REPLAY + 50, false, 0);
    assertThat(released(alignment, 1_000)).isEmpty();
    // the instance was paused for 60 s (the registry refused it): nobody could be heard
    assertThat(released(alignment, 61_000)).as("the pause is not task 1's silence").isEmpty();
    assertThat(givenUp).isEmpty();
    List<String> released = new ArrayList<>();
    for (long now = 62_000; now <= 92_000; now += 1_000) {
      alignment.advance(0, REPLAY + 101, false, now);
      released.addAll(released(alignment, now));
      assertThat(released).as("at %d ms", now).hasSize(givenUp.size());
    }
    assertThat(givenUp).as("silent for 30 s while the merchant side ran").containsExactly(1);
    assertThat(released).containsExactly("tx_a");
  }

  @Test
  void liveTrafficIsNotHeldBackByACardTaskWithNothingToSay() {
    long now = 1_000_000;
    HopAlignment alignment = new HopAlignment(buffer, watermarks, 3, 30_000, now);
    hold(alignment, 0, now - 100, "tx_a");
    alignment.advance(0, now - 50, false, now);
    assertThat(released(alignment, now + 100)).as("tasks 1 and 2 quiet for only 100 ms").isEmpty();
    assertThat(released(alignment, now + 600)).as("quiet past the grace: taken to be at the clock less it")
        .containsExactly("tx_a");
  }

  @Test
  void watermarksSurviveARestart() {
    HopAlignment before = new HopAlignment(buffer, watermarks, 1, 2_000, 0);
    hold(before, 0, REPLAY + 100, "tx_a");
    before.advance(0, REPLAY + 100, false, 0);
    HopAlignment after = new HopAlignment(buffer, watermarks, 1, 2_000, 5);
    after.advance(0, REPLAY + 150, false, 5);
    assertThat(released(after, 5)).containsExactly("tx_a");
  }

  @Test
  void watermarksReachTheStoreAtMostOnceASecondAndARestartBehindThemStillReleasesInOrder() {
    HopAlignment before = new HopAlignment(buffer, watermarks, 2, 30_000, 0);
    before.advance(0, REPLAY + 100, false, 0);
    assertThat(watermarks.get(0)).as("the first word is written").isEqualTo(REPLAY + 100);
    before.advance(0, REPLAY + 200, false, 400);
    before.advance(1, REPLAY + 150, false, 600);
    assertThat(released(before, 600)).isEmpty();
    assertThat(watermarks.get(0)).as("within the second: memory only").isEqualTo(REPLAY + 100);
    assertThat(watermarks.get(1)).isNull();
    before.advance(1, REPLAY + 250, false, 1_000);
    assertThat(watermarks.get(0)).isEqualTo(REPLAY + 200);
    assertThat(watermarks.get(1)).isEqualTo(REPLAY + 250);

    // a restart from what the store holds: the held transactions wait for every task's next word
    hold(before, 0, REPLAY + 300, "tx_b");
    hold(before, 1, REPLAY + 290, "tx_a");
    HopAlignment after = new HopAlignment(buffer, watermarks, 2, 30_000, 1_200);
    after.advance(0, REPLAY + 310, false, 1_220);
    assertThat(released(after, 1_220)).as("task 1 has not spoken since the restart").isEmpty();
    after.advance(1, REPLAY + 320, false, 1_240);
    assertThat(released(after, 1_240)).containsExactly("tx_a", "tx_b");
  }

  @Test
  void whatIsReleasedLeavesTheBufferAndWhatIsHeldStaysThereForARestart() {
    HopAlignment alignment = new HopAlignment(buffer, watermarks, 1, 2_000, 0);
    hold(alignment, 0, REPLAY + 100, "tx_a");
    hold(alignment, 0, REPLAY + 200, "tx_b");
    alignment.advance(0, REPLAY + 150, false, 0);
    assertThat(released(alignment, 0)).containsExactly("tx_a");
    List<String> stored = new ArrayList<>();
    try (var all = buffer.all()) {
      all.forEachRemaining(kv -> stored.add(new String(kv.value, StandardCharsets.UTF_8)));
    }
    assertThat(stored).containsExactly("tx_b");
    assertThat(released(alignment, 0)).isEmpty();
    alignment.advance(0, REPLAY + 250, false, 0);
    assertThat(released(alignment, 0)).containsExactly("tx_b");
    try (var all = buffer.all()) {
      assertThat(all.hasNext()).isFalse();
    }
  }

  /**
   * Hop records as they cross the topic, more than are kept decoded while held: each is decided once, in event-time
   * order, whether from the record decoded on arrival or from its bytes.
   */
  @Test
  void heldHopRecordsAreDecidedInOrderWhetherKeptDecodedOrNot() {
    HopAlignment alignment = new HopAlignment(buffer, watermarks, 2, 2_000, 0);
    HopRecord.Serde serde = new HopRecord.Serde();
    var generator = new dev.riskgate.generate.TrafficGenerator(
        new dev.riskgate.generate.TrafficGenerator.Settings(1, 10, 5, 0, 0, "held"));
    String card = generator.cardTokens().get(0);
    int count = HopAlignment.DECODED_LIMIT + 10;
    List<Long> decided = new ArrayList<>();
    for (int i = count - 1; i >= 0; i--) { // newest first: only every card task's progress puts them in order
      dev.riskgate.schema.Transaction tx = generator.transactionFor(card, REPLAY + i);
      tx.setTransactionId("tx_" + i);
      HopRecord hop = HopRecord.original(0, i, tx, new byte[] {1}, List.of(), List.of(),
          new dev.riskgate.features.FeatureVector());
      alignment.take(serde.serialize(null, hop), 0, released -> decided.add(released.eventTime), () -> { });
    }
    assertThat(decided).isEmpty();
    for (int upstream = 0; upstream < 2; upstream++) {
      alignment.take(serde.serialize(null, HopRecord.watermark(upstream, REPLAY + count)), 0,
          released -> decided.add(released.eventTime), () -> { });
    }
    assertThat(decided).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(decided.get(i)).isEqualTo(REPLAY + i);
    }
  }

  private void hold(HopAlignment alignment, int upstream, long time, String id) {
    byte[] key = ByteBuffer.allocate(8 + id.length() + 1 + 4 + 8 + 8).putLong(time ^ Long.MIN_VALUE)
        .put(id.getBytes(StandardCharsets.UTF_8)).put((byte) 0).putInt(upstream).putLong(0).putLong(0).array();
    alignment.advance(upstream, time, false, 0);
    alignment.hold(key, id.getBytes(StandardCharsets.UTF_8), 0);
  }

  private static List<String> released(HopAlignment alignment, long now) {
    List<String> ids = new ArrayList<>();
    alignment.release(now).forEach(value -> ids.add(new String(value, StandardCharsets.UTF_8)));
    return ids;
  }

  private <S extends org.apache.kafka.streams.processor.StateStore> S store(S store) {
    store.init(context.getStateStoreContext(), store);
    return store;
  }
}
