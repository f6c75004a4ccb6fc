import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Records the broker wrote per input transaction, by topic, over one app run: end-offset deltas (under exactly-once
 * they include one transaction marker per partition written in each transaction) and the records a read_committed
 * consumer reads between the same offsets (markers and aborted records excluded).
 */
final class BrokerWrites {
  private final Admin admin;
  private final String bootstrap;
  private final String topicPrefix;
  private final String applicationId;

  BrokerWrites(Admin admin, String bootstrap, String topicPrefix, String applicationId) {
    this.admin = admin;
    this.bootstrap = bootstrap;
    this.topicPrefix = topicPrefix;
    this.applicationId = applicationId;
  }

  /** End offsets of the run's topics, its internal topics, and the broker's offset and transaction logs. */
  Map<TopicPartition, Long> snapshot() throws Exception {
    List<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get().stream()
        .filter(t -> t.startsWith(topicPrefix) || t.startsWith(applicationId + "-")
            || t.equals("__consumer_offsets") || t.equals("__transaction_state"))
        .toList();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions()
        .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    return admin.listOffsets(latest).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /**
   * A snapshot once the app has stopped writing: every decision can be visible while the merchant-keyed side still
   * works through the hop topic, so end offsets must hold still for a while (longer than a commit interval) first.
   */
  Map<TopicPartition, Long> settledSnapshot() throws Exception {
    Map<TopicPartition, Long> previous = snapshot();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      Thread.sleep(2_000);
      Map<TopicPartition, Long> now = snapshot();
      if (now.equals(previous)) {
        return now;
      }
      previous = now;
    }
    System.out.println("  (the app was still writing 90 s after the last decision: figures below are a lower bound)");
    return previous;
  }

  /**
   * Prints, per topic, offsets and read_committed records per input transaction between two snapshots, how many of
   * those were tombstones (deletes), and the mean value size of the others; returns the mean value sizes by topic.
   */
  Map<String, Double> print(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after, long inputs) {
    Map<String, Double> meanValueBytes = new TreeMap<>();
    // topic -> {offset delta, committed records, their value bytes, tombstones}
    Map<String, long[]> byTopic = new TreeMap<>();
    Map<TopicPartition, long[]> committed = countCommitted(before, after);
    after.forEach((tp, end) -> {
      long[] sums = byTopic.computeIfAbsent(tp.topic(), t -> new long[4]);
      long[] read = committed.getOrDefault(tp, new long[3]);
      sums[0] += end - before.getOrDefault(tp, 0L);
      sums[1] += read[0];
      sums[2] += read[1];
      sums[3] += read[2];
    });
    System.out.printf("  %-58s %12s %10s %12s %10s %11s %8s%n", "topic", "offsets", "/input", "committed", "/input",
        "deletes/in", "value B");
    long[] total = new long[2];
    byTopic.forEach((topic, sums) -> {
      if (sums[0] == 0) {
        return;
      }
      boolean brokerLog = topic.startsWith("__");
      if (!brokerLog && !topic.equals(topicPrefix + "transactions")) {
        total[0] += sums[0];
        total[1] += sums[1];
      }
      long values = sums[1] - sums[3];
      String meanBytes = values == 0 ? "-" : String.format("%,.0f", (double) sums[2] / values);
      if (values > 0) {
        meanValueBytes.put(topic, (double) sums[2] / values);
      }
      System.out.printf("  %-58s %,12d %10.3f %,12d %10.3f %11.3f %8s%s%n", topic, sums[0],
          (double) sums[0] / inputs, sums[1], (double) sums[1] / inputs, (double) sums[3] / inputs, meanBytes,
          brokerLog ? "  (broker log)" : "");
    });
    System.out.printf("  %-58s %,12d %10.3f %,12d %10.3f%n", "written by the app (all but input and broker logs)",
        total[0], (double) total[0] / inputs, total[1], (double) total[1] / inputs);
    return meanValueBytes;
  }

  /** Per partition: committed records between the snapshots, their value bytes, and how many were tombstones. */
  private Map<TopicPartition, long[]> countCommitted(Map<TopicPartition, Long> before,
      Map<TopicPartition, Long> after) {
    Map<TopicPartition, long[]> counts = new HashMap<>();
    List<TopicPartition> readable = after.keySet().stream()
        .filter(tp -> !tp.topic().startsWith("__") && after.get(tp) > before.getOrDefault(tp, 0L)).toList();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(DecisionFeed.readCommitted(bootstrap),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(readable);
      readable.forEach(tp -> consumer.seek(tp, before.getOrDefault(tp, 0L)));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (readable.stream().anyMatch(tp -> consumer.position(tp) < after.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("counting committed records took over 5 minutes");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < after.get(tp)) {
            long[] c = counts.computeIfAbsent(tp, t -> new long[3]);
            c[0]++;
            c[1] += r.value() == null ? 0 : r.value().length;
            c[2] += r.value() == null ? 1 : 0;
          }
        });
      }
    }
    return counts;
  }
}
