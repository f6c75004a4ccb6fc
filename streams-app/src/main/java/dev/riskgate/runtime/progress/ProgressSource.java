package dev.riskgate.runtime.progress;

import java.util.List;

/** Where the watchdog reads this instance's input partitions and their offsets. */
interface ProgressSource extends AutoCloseable {
  /**
   * What the instance works on now; {@code running} is false while Kafka Streams is not RUNNING (a rebalance, a
   * restore, a shutdown), when no progress is expected. Throws when the offsets cannot be read this time.
   */
  record Snapshot(boolean running, List<PartitionProgress.Observation> observations) {
    static final Snapshot NOT_RUNNING = new Snapshot(false, List.of());
  }

  Snapshot observe() throws Exception;

  @Override
  void close();
}
