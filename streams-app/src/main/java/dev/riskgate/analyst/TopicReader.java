package dev.riskgate.analyst;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads assigned partitions from a start position without a consumer group (nothing is committed, the application's
 * groups are never joined). Stops at the end offsets seen when reading began, unless following; a partition also
 * stops at its first record stamped after {@code until}.
 */
public final class TopicReader {
  private static final Duration POLL = Duration.ofMillis(200);

  private TopicReader() {}

  /** Hands every record to {@code onRecord} until it returns false, the end is reached or {@code stop} is set. */
  public static void read(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions, StartPosition start,
      Instant until, boolean follow, BooleanSupplier stop, Predicate<ConsumerRecord<byte[], byte[]>> onRecord) {
    consumer.assign(partitions);
    start.seek(consumer, partitions);
    Map<TopicPartition, Long> end = follow ? Map.of() : consumer.endOffsets(partitions);
    Set<TopicPartition> active = new HashSet<>(partitions);
    finishReached(consumer, active, end, follow);
    while (!active.isEmpty() && !stop.getAsBoolean()) {
      if (follow && until != null && Instant.now().isAfter(until)) {
        return;
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (!active.contains(tp) || !follow && r.offset() >= end.get(tp)) {
          continue; // fetched before the partition was paused, or written after reading began
        }
        if (until != null && r.timestamp() > until.toEpochMilli()) {
          active.remove(tp);
          consumer.pause(List.of(tp));
          continue;
        }
        if (!onRecord.test(r)) {
          return;
        }
      }
      finishReached(consumer, active, end, follow);
    }
  }

  private static void finishReached(Consumer<?, ?> consumer, Set<TopicPartition> active, Map<TopicPartition, Long> end,
      boolean follow) {
    if (follow) {
      return;
    }
    List<TopicPartition> done = active.stream().filter(tp -> consumer.position(tp) >= end.get(tp)).toList();
    done.forEach(active::remove);
    consumer.pause(done);
  }
}
