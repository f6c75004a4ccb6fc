package dev.riskgate.replay;

import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.HistoryRecord.BadRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.history.HistoryRecord;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The transactions of a topic between two record timestamps (from inclusive, to exclusive), possibly on another
 * cluster with its own registry. Each partition is read in offset order, so the order of each card (one partition)
 * is kept; partitions interleave as the consumer polls them. Records keep the key they had.
 */
public final class TopicRangeHistory implements HistoryReader {
  private final Consumer<byte[], byte[]> consumer;
  private final Deserializer<Transaction> values;
  private final Map<TopicPartition, Long> endOffsets = new HashMap<>();
  private final Queue<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
  private final long total;
  private long number;

  /** {@code consumer} is owned and closed by this reader; no consumer group is used or committed. */
  public TopicRangeHistory(Consumer<byte[], byte[]> consumer, Deserializer<Transaction> values, String topic,
      Instant from, Instant to) {
    this.consumer = consumer;
    this.values = values;
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("topic " + topic + " does not exist on the source cluster");
    }
    consumer.assign(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(timesOf(partitions, from));
    Map<TopicPartition, OffsetAndTimestamp> stops = to == null ? Map.of() : consumer.offsetsForTimes(timesOf(
        partitions, to));
    long sum = 0;
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp start = starts.get(tp);
      OffsetAndTimestamp stop = stops.get(tp);
      long begin = start == null ? ends.get(tp) : start.offset();
      long end = stop == null ? ends.get(tp) : stop.offset();
      consumer.seek(tp, begin);
      if (end > begin) {
        endOffsets.put(tp, end);
        sum += end - begin;
      } else {
        consumer.pause(List.of(tp));
      }
    }
    total = sum;
  }

  private static Map<TopicPartition, Long> timesOf(List<TopicPartition> partitions, Instant time) {
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(tp -> times.put(tp, time == null ? 0L : time.toEpochMilli()));
    return times;
  }

  @Override
  public HistoryRecord next() {
    while (buffered.isEmpty() && !endOffsets.isEmpty()) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Long end = endOffsets.get(tp);
        if (end != null && r.offset() < end) {
          buffered.add(r);
        }
        if (end != null && r.offset() + 1 >= end) {
          endOffsets.remove(tp);
          consumer.pause(List.of(tp));
        }
      }
    }
    ConsumerRecord<byte[], byte[]> r = buffered.poll();
    if (r == null) {
      return null;
    }
    number++;
    String where = r.topic() + "-" + r.partition() + "@" + r.offset();
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    try {
      Transaction tx = values.deserialize(r.topic(), r.value());
      if (tx == null) {
        return new BadRow(number, ErrorKind.MISSING_FIELD, where + ": a tombstone is not a transaction", where);
      }
      return new TransactionRow(number, key, tx, null);
    } catch (RuntimeException e) {
      return new BadRow(number, ErrorKind.UNDECODABLE, where + ": " + e.getMessage(), PanDetector.mask(where));
    }
  }

  /** Share of the range's offsets read; transaction markers and compacted gaps make it an estimate. */
  @Override
  public double progress() {
    if (total == 0) {
      return 1;
    }
    return Math.min(1, (double) number / total);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
