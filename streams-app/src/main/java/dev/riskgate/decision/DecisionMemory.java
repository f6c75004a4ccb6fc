package dev.riskgate.decision;

import org.apache.kafka.streams.state.WindowStore;

/**
 * Remembers each decision by transactionId so a retry gets the original answer. Entries sit in time buckets one
 * de-duplication window wide; a look-up probes the retry's bucket and its two neighbours with point gets, so an
 * original up to one window before or after the retry's event time is found. Point gets, unlike a range scan, are
 * answered by RocksDB's bloom filters when the id is new, which is nearly every time. Whole segments expire, which
 * keeps the store bounded: an id is kept for up to three windows.
 */
public final class DecisionMemory {
  private final WindowStore<String, byte[]> store;
  private final long windowMs;

  public DecisionMemory(WindowStore<String, byte[]> store, long windowMs) {
    this.store = store;
    this.windowMs = windowMs;
  }

  /** Retention the store needs for the probes to find every original within the window. */
  public static long retentionMs(long windowMs) {
    return 3 * windowMs;
  }

  /** The earliest event time of an original that {@link #find} can return for a transaction at {@code eventTime}. */
  public long oldestFindable(long eventTime) {
    return bucketOf(eventTime) - windowMs;
  }

  /** Whether an original at {@code originalTime} is within the buckets a look-up at {@code eventTime} probes. */
  public boolean findable(long originalTime, long eventTime) {
    long distance = bucketOf(originalTime) - bucketOf(eventTime);
    return distance >= -windowMs && distance <= windowMs;
  }

  public DecisionMemo find(String transactionId, long eventTime) {
    byte[] hit = findBytes(transactionId, eventTime);
    return hit == null ? null : DecisionMemo.fromBytes(hit);
  }

  /** What was remembered of {@code transactionId}, null when nothing (or its window has passed). */
  public byte[] findBytes(String transactionId, long eventTime) {
    long bucket = bucketOf(eventTime);
    byte[] hit = store.fetch(transactionId, bucket);
    if (hit == null) {
      hit = store.fetch(transactionId, bucket - windowMs);
    }
    if (hit == null) {
      hit = store.fetch(transactionId, bucket + windowMs);
    }
    return hit;
  }

  public void remember(String transactionId, long eventTime, DecisionMemo memo) {
    remember(transactionId, eventTime, memo.toBytes());
  }

  public void remember(String transactionId, long eventTime, byte[] value) {
    store.put(transactionId, value, bucketOf(eventTime));
  }

  private long bucketOf(long eventTime) {
    return Math.floorDiv(eventTime, windowMs) * windowMs;
  }
}
