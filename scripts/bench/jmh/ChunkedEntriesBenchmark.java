// in the package of ChunkedEntries, which is package-private, as its unit test is: no product code opened for this
package dev.riskgate.stores;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Bytes;
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
 * The alignment buffer's write-behind bookkeeping ({@link ChunkedEntries}) per transaction, without Kafka Streams'
 * layers below it: a transaction held, the lowest released once about {@code held} are waiting, and every
 * {@code perCommit} transactions a flush (the chunk of those still held, release marks, spent chunks deleted) into a
 * sink that only counts. What the chunks save is below the sink, in the store, the producer and the broker.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChunkedEntriesBenchmark {
  /** A hop record's size. */
  private static final byte[] VALUE = new byte[560];

  @State(Scope.Thread)
  public static class Buffer {
    @Param({"64", "4096"})
    public int held;

    @Param({"60"})
    public int perCommit;

    private final ChunkedEntries entries = new ChunkedEntries();
    private final Random random = new Random(11);
    private final Bytes[] waiting = new Bytes[1 << 16];
    private int first;
    private int last;
    private long next;
    int written;
    private final ChunkedEntries.Sink sink = new ChunkedEntries.Sink() {
      @Override
      public void put(Bytes key, byte[] value) {
        written++;
      }

      @Override
      public void delete(Bytes key) {
        written++;
      }
    };

    @Setup(Level.Trial)
    public void fill() {
      for (int i = 0; i < held; i++) {
        hold();
      }
      entries.flush(sink);
    }

    /** Times move forward with some jitter, so that a chunk's entries are released over several commits. */
    private void hold() {
      next += 1 + random.nextInt(8);
      Bytes key = Bytes.wrap(ByteBuffer.allocate(40).putLong(next ^ Long.MIN_VALUE).putLong(8, next).array());
      entries.put(key, VALUE);
      waiting[last++ & (waiting.length - 1)] = key;
    }

    int turn() {
      hold();
      while (last - first > held) {
        entries.delete(waiting[first++ & (waiting.length - 1)]);
      }
      if (last % perCommit == 0) {
        entries.flush(sink);
      }
      return written;
    }
  }

  /** One transaction held and one released, and a flush's share. */
  @Benchmark
  public int holdReleaseAndFlush(Buffer buffer) {
    return buffer.turn();
  }
}
