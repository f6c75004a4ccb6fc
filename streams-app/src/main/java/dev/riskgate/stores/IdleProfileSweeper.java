package dev.riskgate.stores;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Deletes profiles idle for longer than the TTL, so that state is bounded by the cards and merchants active within
 * it rather than by every one ever seen. It runs on stream time (the newest event time the task has seen), so a replay
 * or a backtest ages profiles exactly as live traffic did, and visits a bounded batch of keys per run, resuming where
 * the previous run stopped: a pass over millions of cards is spread over many runs instead of stalling the thread.
 *
 * <p>Decisions never depend on when the sweeper runs: readers treat a profile idle past the TTL as absent
 * ({@link #unlessIdle}) whether or not it has been deleted yet, so the live app, a replay and an offline backtest
 * (which does not sweep) decide alike. Sweeping only reclaims the space.
 */
public final class IdleProfileSweeper {
  /** Sweeps per TTL of stream time: with the default 30 days, one an hour. */
  static final int SWEEPS_PER_TTL = 720;
  static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
  static final int BATCH = 10_000;

  private final KeyValueStore<String, byte[]> store;
  private final ToLongFunction<byte[]> lastActivity;
  private final long ttlMs;
  private final Consumer<String> onDelete;
  private String cursor;

  private IdleProfileSweeper(KeyValueStore<String, byte[]> store, ToLongFunction<byte[]> lastActivity, Duration ttl,
      Consumer<String> onDelete) {
    this.store = store;
    this.lastActivity = lastActivity;
    this.ttlMs = ttl.toMillis();
    this.onDelete = onDelete;
  }

  /** Sweeps {@code store} every {@link #interval} of stream time; {@code onDelete} hears of each deleted key. */
  public static void schedule(ProcessorContext<?, ?> context, KeyValueStore<String, byte[]> store,
      ToLongFunction<byte[]> lastActivity, Duration ttl, Consumer<String> onDelete) {
    IdleProfileSweeper sweeper = new IdleProfileSweeper(store, lastActivity, ttl, onDelete);
    context.schedule(interval(ttl), PunctuationType.STREAM_TIME, sweeper::sweep);
  }

  /**
   * A sweep's cost is per run, and runs come with stream time, not with transactions: a replay or a catch-up that
   * crosses hours of event time in seconds swept every 10 minutes of it, ~7 keys visited per transaction in the
   * benchmark (exactly-once throughput +7-23% at one run an hour, docs/benchmarks.md, 2026-11-27). Scaling the interval
   * with the TTL keeps a profile's overstay past it a fixed share of it.
   */
  static Duration interval(Duration ttl) {
    Duration scaled = ttl.dividedBy(SWEEPS_PER_TTL);
    return scaled.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : scaled;
  }

  /** {@code stored}, or null when its newest activity is more than the TTL before {@code eventTime}. */
  public static byte[] unlessIdle(byte[] stored, ToLongFunction<byte[]> lastActivity, long eventTime, Duration ttl) {
    return stored == null || lastActivity.applyAsLong(stored) < eventTime - ttl.toMillis() ? null : stored;
  }

  void sweep(long streamTime) {
    long cutoff = streamTime - ttlMs;
    List<String> expired = new ArrayList<>();
    String resumeAt = null;
    int visited = 0;
    try (KeyValueIterator<String, byte[]> it = cursor == null ? store.all() : store.range(cursor, null)) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> entry = it.next();
        if (visited++ == BATCH) {
          resumeAt = entry.key;
          break;
        }
        if (lastActivity.applyAsLong(entry.value) < cutoff) {
          expired.add(entry.key);
        }
      }
    }
    for (String key : expired) {
      store.delete(key);
      onDelete.accept(key);
    }
    cursor = resumeAt;
  }
}
