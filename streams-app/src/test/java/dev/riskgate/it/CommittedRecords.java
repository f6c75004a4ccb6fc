package dev.riskgate.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

/** Reads topics from the beginning with a read_committed consumer, as a downstream acquirer would. */
final class CommittedRecords {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();

  CommittedRecords(KafkaConsumer<byte[], byte[]> consumer, List<String> topics) {
    this.consumer = consumer;
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Polls until {@code done} holds for everything read so far; returns it. If it never does, says what was read and
   * where each partition's committed end stood (nothing written, or written and not committed).
   */
  List<ConsumerRecord<byte[], byte[]>> until(Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration atMost) {
    try {
      await().atMost(atMost).pollInterval(Duration.ofMillis(10)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
        return done.test(read);
      });
    } catch (ConditionTimeoutException e) {
      Map<String, Long> counts = new TreeMap<>();
      read.forEach(r -> counts.merge(r.topic(), 1L, Long::sum));
      throw new AssertionError("not met within " + atMost + "; read " + counts + "; " + whereItStood(), e);
    }
    return read;
  }

  /** The read_committed positions and the end offsets (last stable), or why they are unavailable. */
  private String whereItStood() {
    try {
      Map<TopicPartition, Long> positions = new TreeMap<>(Comparator.comparing(Object::toString));
      consumer.assignment().forEach(tp -> positions.put(tp, consumer.position(tp, Duration.ofSeconds(5))));
      return "read_committed positions " + positions + ", end offsets (last stable) "
          + consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(5));
    } catch (RuntimeException unavailable) { // the broker may be the problem: keep the wait's own failure
      return "positions unavailable: " + unavailable;
    }
  }

  /**
   * Everything committed beyond what was read, up to the end offsets as of now: anything here beyond the expected
   * counts is a duplicate. A duplicate of a decision is committed with it or before, so reading to the end finds it.
   */
  List<ConsumerRecord<byte[], byte[]>> more() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    List<ConsumerRecord<byte[], byte[]>> extra = new ArrayList<>();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
      consumer.poll(Duration.ofMillis(100)).forEach(extra::add);
      return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    });
    read.addAll(extra);
    return extra;
  }

  static long count(List<ConsumerRecord<byte[], byte[]>> records, String topic) {
    return records.stream().filter(r -> r.topic().equals(topic)).count();
  }
}
