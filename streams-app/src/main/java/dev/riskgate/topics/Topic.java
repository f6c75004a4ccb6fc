package dev.riskgate.topics;

import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its serdes and the settings it is created with. {@code partitions} is empty for topics created with the
 * configured count ({@code topic.partitions}) and set for a topic whose count is a design choice.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> settings,
    OptionalInt partitions) {

  public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> settings) {
    this(name, keySerde, valueSerde, settings, OptionalInt.empty());
  }

  /** The partitions to create this topic with, given the configured count. */
  public int partitionsOr(int configured) {
    return partitions.orElse(configured);
  }
}
