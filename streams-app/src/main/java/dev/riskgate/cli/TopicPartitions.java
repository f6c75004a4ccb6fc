package dev.riskgate.cli;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Partitions of a topic, for tools that assign them directly instead of joining a consumer group. */
final class TopicPartitions {
  private TopicPartitions() {}

  static List<TopicPartition> of(Consumer<?, ?> consumer, String topic) {
    var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("Topic " + topic + " does not exist yet (start 'riskgate run' first)");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }
}
