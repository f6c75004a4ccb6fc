package dev.riskgate.runtime.progress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a stall loud: Kafka Streams can stay RUNNING while one of its tasks stops reading its input (seen in the
 * fault soak, docs/reliability.md), and nothing else would say so. Every check it compares, for each input partition
 * of this instance's active tasks, the group's committed offset with the partition's end; a partition with records
 * waiting and no committed progress for {@code progress.stall.timeout} is logged at WARN with its task, counted in
 * {@code riskgate_progress_stalled_partitions}, and turns /health/ready DOWN until it moves again.
 */
public final class ProgressWatchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProgressWatchdog.class);
  static final String STALLED_GAUGE = "riskgate.progress.stalled.partitions";
  static final String STALLS_COUNTER = "riskgate.progress.stalls";

  private final Duration stallTimeout;
  private final ProgressSource source;
  private final LongSupplier clock;
  private final PartitionProgress progress;
  private final Counter stalls;
  private volatile List<PartitionProgress.Stall> stalled = List.of();
  private ScheduledExecutorService scheduler;

  ProgressWatchdog(Duration stallTimeout, ProgressSource source, MeterRegistry meters, LongSupplier clock) {
    this.stallTimeout = stallTimeout;
    this.source = source;
    this.clock = clock;
    this.progress = new PartitionProgress(stallTimeout.toMillis());
    Gauge.builder(STALLED_GAUGE, this, w -> w.stalled.size())
        .description("Input partitions of this instance with records waiting and no progress for the stall timeout")
        .register(meters);
    this.stalls = Counter.builder(STALLS_COUNTER)
        .description("Times an input partition of this instance was found stalled")
        .register(meters);
  }

  /** Watches the instance's Kafka Streams through its own admin client (closed with the watchdog). */
  public static ProgressWatchdog of(Duration stallTimeout, KafkaStreams streams, Map<String, Object> adminProperties,
      String applicationId, MeterRegistry meters) {
    ProgressSource source = new StreamsProgressSource(streams, Admin.create(adminProperties), applicationId);
    return new ProgressWatchdog(stallTimeout, source, meters, System::currentTimeMillis);
  }

  /** Checks every sixth of the stall timeout, between 1 and 10 seconds. */
  public void start() {
    long everyMs = Math.max(1_000, Math.min(10_000, stallTimeout.toMillis() / 6));
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "riskgate-progress-watchdog");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(this::checkQuietly, everyMs, everyMs, TimeUnit.MILLISECONDS);
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      log.warn("Progress check failed", e);
    } catch (Exception e) {
      // the broker may be restarting: this check is skipped, the next one measures again
      log.debug("Progress check skipped: {}", e.toString());
    }
  }

  /** One check: reads the offsets, logs what stalled or recovered since the last check. */
  void check() throws Exception {
    ProgressSource.Snapshot snapshot = source.observe();
    long now = clock.getAsLong();
    List<PartitionProgress.Stall> found;
    if (snapshot.running()) {
      found = progress.update(now, snapshot.observations());
    } else {
      progress.reset(); // a rebalance or restore pauses work on purpose; readiness already says so
      found = List.of();
    }
    Set<TopicPartition> before = partitions(stalled);
    for (PartitionProgress.Stall s : found) {
      if (!before.contains(s.partition())) {
        stalls.increment();
        log.warn("No progress on {} (task {}) for {} s while RUNNING: committed offset {}, end offset {}, {} records "
                + "waiting; {}. Readiness is DOWN until it moves.", s.partition(), s.task(), (now - s.sinceMs()) / 1000,
            s.committed(), s.end(), s.waiting(), s.detail());
      }
    }
    Set<TopicPartition> still = partitions(found);
    for (PartitionProgress.Stall s : stalled) {
      if (!still.contains(s.partition())) {
        log.info("{} (task {}) is no longer stalled", s.partition(), s.task());
      }
    }
    stalled = List.copyOf(found);
  }

  /** The stalled partitions with their tasks, e.g. {@code transactions-1 (task 0_1)}; empty while all progress. */
  public List<String> stalledPartitions() {
    return stalled.stream().map(s -> s.partition() + " (task " + s.task() + ")").sorted().toList();
  }

  private static Set<TopicPartition> partitions(List<PartitionProgress.Stall> stalls) {
    return stalls.stream().map(PartitionProgress.Stall::partition).collect(Collectors.toSet());
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    source.close();
  }
}
