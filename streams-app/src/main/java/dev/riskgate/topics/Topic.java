package dev.riskgate.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/** A topic with its serdes and the settings it is created with. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> settings) {}
