// in the package of HopAlignment, which is package-private, as its unit test is: no product code opened for this
package dev.riskgate.merchant;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.HopRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The merchant side's alignment ({@link HopAlignment}) over the stores it has live (in-memory key-value, without
 * the cache and changelog): transactions from six card tasks held until every task has passed them, then released in
 * event-time order. Each card task sends its transactions in event-time order; the tasks run apart, the slowest
 * {@code heldBehind} transactions behind the fastest, so about that many are held at any time. A replay's pace: the
 * wall clock stands still, far from the event times.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HopAlignmentBenchmark {
  private static final int CARD_TASKS = 6;
  private static final int LAP = 65_536;
  private static final long SPACING_MS = 10;
  private static final long START = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
  private static final long WALL_CLOCK = START + 30 * 86_400_000L;
  /** A hop record's size; its content does not matter here. */
  private static final byte[] VALUE = new byte[700];

  static HopAlignment alignment(MockProcessorContext<Object, Object> context) {
    KeyValueStore<Bytes, byte[]> buffer = init(context, Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore("alignment-store"), Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingDisabled().build());
    KeyValueStore<Integer, Long> watermarks = init(context, Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore("watermark-store"), Serdes.Integer(), Serdes.Long())
        .withLoggingDisabled().build());
    return new HopAlignment(buffer, watermarks, CARD_TASKS, MerchantProcessor.IDLE_UPSTREAM.toMillis(), WALL_CLOCK);
  }

  private static <S extends StateStore> S init(MockProcessorContext<Object, Object> context, S store) {
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  /** A lap of transactions in the order they reach the merchant partition; laps repeat later in event time. */
  @State(Scope.Thread)
  public static class Arrivals {
    @Param({"8", "1024"})
    public int heldBehind;

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private HopAlignment alignment;
    private final int[] tasks = new int[LAP];
    private final long[] times = new long[LAP];
    /** Each one's alignment key, its time to be shifted by the lap. */
    private final byte[][] keys = new byte[LAP][];
    private long shift;
    private int next;

    @Setup(Level.Trial)
    public void arrange() {
      TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(42, 5_000, 200, 0, 0.0, "jmh"));
      Random random = new Random(7);
      int[] task = new int[LAP];
      long[] time = new long[LAP];
      byte[][] key = new byte[LAP][];
      long[] offsets = new long[CARD_TASKS];
      for (int i = 0; i < LAP; i++) {
        time[i] = START + i * SPACING_MS;
        task[i] = random.nextInt(CARD_TASKS);
        Transaction tx = ((TrafficGenerator.TransactionEvent) generator.next(time[i])).transaction();
        key[i] = HopRecord.original(task[i], offsets[task[i]]++, tx, null, List.of(), List.of(), null).alignmentKey();
      }
      // task k runs k/5 of heldBehind transactions behind task 0
      long[] arrival = IntStream.range(0, LAP).mapToLong(i -> time[i] + task[i] * heldBehind * SPACING_MS / 5)
          .toArray();
      Integer[] order = IntStream.range(0, LAP).boxed().toArray(Integer[]::new);
      Arrays.sort(order, Comparator.comparingLong((Integer i) -> arrival[i]).thenComparingInt(i -> i));
      for (int j = 0; j < LAP; j++) {
        tasks[j] = task[order[j]];
        times[j] = time[order[j]];
        keys[j] = key[order[j]];
      }
      alignment = alignment(context);
    }

    /** What MerchantProcessor does with a transaction's hop record, after decoding it. */
    int arrive() {
      if (next == LAP) {
        next = 0;
        shift += LAP * SPACING_MS;
      }
      int j = next++;
      long time = times[j] + shift;
      alignment.advance(tasks[j], time, false, WALL_CLOCK);
      byte[] key = keys[j].clone(); // live, each record's key is a new array too
      ByteBuffer.wrap(key).putLong(0, time ^ Long.MIN_VALUE);
      if (alignment.isLate(time)) {
        throw new IllegalStateException("late at " + time + ": the arrival order is not per task in time order");
      }
      alignment.hold(key, VALUE, WALL_CLOCK);
      return alignment.release(WALL_CLOCK).size();
    }
  }

  /** Transactions held, and a card task's progress that passes none of them. */
  @State(Scope.Thread)
  public static class Waiting {
    @Param({"8", "1024"})
    public int heldBehind;

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private HopAlignment alignment;
    private int next;

    @Setup(Level.Trial)
    public void hold() {
      alignment = alignment(context);
      alignment.advance(CARD_TASKS - 1, START, false, WALL_CLOCK); // the slowest task, still at the start
      for (int i = 0; i < heldBehind; i++) {
        long time = START + (i + 1) * SPACING_MS;
        alignment.advance(i % (CARD_TASKS - 1), time, false, WALL_CLOCK);
        alignment.hold(ByteBuffer.allocate(16).putLong(time ^ Long.MIN_VALUE).putLong(i).array(), VALUE, WALL_CLOCK);
      }
      if (!alignment.release(WALL_CLOCK).isEmpty()) {
        throw new IllegalStateException("released what the slowest task has not passed");
      }
    }

    /** A watermark record: each card task says again where it is. */
    int watermark() {
      int task = next++ % CARD_TASKS;
      alignment.advance(task, task == CARD_TASKS - 1 ? START : START + heldBehind * SPACING_MS, false, WALL_CLOCK);
      return alignment.release(WALL_CLOCK).size();
    }
  }

  /**
   * One transaction's turn: its card task's progress, held, and whatever every card task has now passed released
   * (one on average).
   */
  @Benchmark
  public int holdAndRelease(Arrivals arrivals) {
    return arrivals.arrive();
  }

  /**
   * One card task's watermark while transactions wait for the slowest task: progress noted, nothing released. Live,
   * each merchant partition gets one from every card task every 20 ms, 300 a second with six card tasks.
   */
  @Benchmark
  public int watermarkNothingDue(Waiting waiting) {
    return waiting.watermark();
  }
}
