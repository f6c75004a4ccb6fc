package dev.riskgate.bench.jmh;

import dev.riskgate.rules.Rulesets;
import dev.riskgate.screening.HopRecord;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The card-screened hop's value ({@link HopRecord}): written once per transaction on the card side, read once on the
 * merchant side, and again when the alignment releases it. Records of generated traffic after a day of history: card
 * features, three status checks, the transaction's wire bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HopRecordBenchmark {
  private static final int SAMPLES = 1024; // a power of two: the index wraps with a mask

  private final HopRecord.Serde serde = new HopRecord.Serde();
  private final HopRecord[] records = new HopRecord[SAMPLES];
  private final byte[][] encoded = new byte[SAMPLES][];
  private int next;

  @Setup
  public void screenTraffic() {
    ScreenedTraffic traffic = new ScreenedTraffic(MerchantSideBenchmark.topics("jmh-hop"),
        Rulesets.defaultRuleset().currencies(), 5_000, 200, System.currentTimeMillis() - 86_400_000L, 10_000);
    for (int i = 0; i < 8_640; i++) { // a day
      traffic.next();
    }
    for (int i = 0; i < SAMPLES; i++) {
      records[i] = traffic.next();
      encoded[i] = serde.serialize(null, records[i]);
    }
  }

  /** One transaction's hop record encoded (card side). */
  @Benchmark
  public byte[] encode() {
    return serde.serialize(null, records[next++ & (SAMPLES - 1)]);
  }

  /** One transaction's hop record decoded (merchant side; the transaction's own bytes stay undecoded). */
  @Benchmark
  public HopRecord decode() {
    return serde.deserialize(null, encoded[next++ & (SAMPLES - 1)]);
  }

  /** The key a transaction is held under until every card task has passed it. */
  @Benchmark
  public byte[] alignmentKey() {
    return records[next++ & (SAMPLES - 1)].alignmentKey();
  }
}
