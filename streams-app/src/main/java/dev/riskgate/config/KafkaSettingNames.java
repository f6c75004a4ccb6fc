package dev.riskgate.config;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Every setting a Kafka client or Kafka Streams knows, to tell KAFKA_* settings from other tools' variables. */
public final class KafkaSettingNames {
  private static final Set<String> NAMES = names();

  private KafkaSettingNames() {}

  public static boolean contains(String key) {
    return NAMES.contains(key) || key.startsWith("ssl.") || key.startsWith("sasl.");
  }

  private static Set<String> names() {
    Set<String> names = new HashSet<>(StreamsConfig.configDef().names());
    names.addAll(ProducerConfig.configNames());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    return Set.copyOf(names);
  }
}
