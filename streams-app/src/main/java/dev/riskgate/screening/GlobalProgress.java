package dev.riskgate.screening;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far this instance has applied each partition of the topics behind its global stores (entity-status,
 * risk-rules): the offset after the last record whose change is in the store. A status or ruleset
 * sent at offset {@code o} is in force here once {@link #applied} reaches {@code o + 1}. Written by the global thread,
 * read by the HTTP endpoint and by tests that wait for a fact rather than for the clock.
 */
public final class GlobalProgress {
  private final ConcurrentMap<String, ConcurrentMap<Integer, AtomicLong>> next = new ConcurrentHashMap<>();

  void applied(String topic, int partition, long offset) {
    AtomicLong position = next.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
        .computeIfAbsent(partition, p -> new AtomicLong());
    position.accumulateAndGet(offset + 1, Math::max);
  }

  /** The offset after the last applied record of the partition; 0 when none was. */
  public long applied(String topic, int partition) {
    ConcurrentMap<Integer, AtomicLong> partitions = next.get(topic);
    AtomicLong position = partitions == null ? null : partitions.get(partition);
    return position == null ? 0 : position.get();
  }

  /** Every partition seen, per topic, in order. */
  public Map<String, Map<Integer, Long>> positions() {
    Map<String, Map<Integer, Long>> out = new TreeMap<>();
    next.forEach((topic, partitions) -> {
      Map<Integer, Long> byPartition = new TreeMap<>();
      partitions.forEach((partition, position) -> byPartition.put(partition, position.get()));
      out.put(topic, byPartition);
    });
    return out;
  }
}
