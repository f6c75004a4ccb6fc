package dev.riskgate.labels;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/** Reads a topic from a record timestamp to where it ended when the scan began, every partition. */
final class TopicScan {
  private TopicScan() {}

  /** {@code fromMs}: the first record timestamp to read (Long.MIN_VALUE: from the beginning). */
  static long scan(KafkaConsumer<byte[], byte[]> consumer, String topic, long fromMs,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    if (fromMs == Long.MIN_VALUE) {
      consumer.seekToBeginning(partitions);
    } else {
      Map<TopicPartition, Long> times = new HashMap<>();
      partitions.forEach(p -> times.put(p, fromMs));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp at = found.get(p);
        consumer.seek(p, at == null ? end.get(p) : at.offset());
      }
    }
    long read = 0;
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        // from its time on: a late or replayed record written after the start offset may be older
        if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) && r.timestamp() >= fromMs) {
          each.accept(r);
          read++;
        }
      }
    }
    return read;
  }
}
