import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Decisions as a read_committed consumer sees them (under exactly-once: only committed ones), from the end of the
 * topic at creation. No consumer group: the benchmark never disturbs the app's offsets.
 */
final class DecisionFeed implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;

  DecisionFeed(String bootstrap, String topic) {
    consumer = new KafkaConsumer<>(readCommitted(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, before anything new is written
  }

  static Map<String, Object> readCommitted(String bootstrap) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    return props;
  }

  /** Hands every decision to {@code onDecision} until {@code done} says so; fails after {@code stall} without one. */
  void follow(Consumer<ConsumerRecord<byte[], byte[]>> onDecision, java.util.function.BooleanSupplier done,
      Duration stall, Runnable check) {
    long lastSeen = System.nanoTime();
    while (!done.getAsBoolean()) {
      var records = consumer.poll(Duration.ofMillis(50));
      long now = System.nanoTime();
      if (!records.isEmpty()) {
        lastSeen = now;
        records.forEach(onDecision);
      } else if (now - lastSeen > stall.toNanos()) {
        throw new IllegalStateException("no decision for " + stall + ": the app is stuck or too slow");
      }
      check.run();
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
