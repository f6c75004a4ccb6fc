package dev.riskgate.screening;

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
final class IdleProfileSweeper {
  static final Duration INTERVAL = Duration.ofMinutes(10);
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

  /** Sweeps {@code store} every {@link #INTERVAL} of stream time; {@code onDelete} hears of each deleted key. */
  static void schedule(ProcessorContext<?, ?> context, KeyValueStore<String, byte[]> store,
      ToLongFunction<byte[]> lastActivity, Duration ttl, Consumer<String> onDelete) {
    IdleProfileSweeper sweeper = new IdleProfileSweeper(store, lastActivity, ttl, onDelete);
    context.schedule(INTERVAL, PunctuationType.STREAM_TIME, sweeper::sweep);
  }

  /** {@code stored}, or null when its newest activity is more than the TTL before {@code eventTime}. */
  static byte[] unlessIdle(byte[] stored, ToLongFunction<byte[]> lastActivity, long eventTime, Duration ttl) {
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
