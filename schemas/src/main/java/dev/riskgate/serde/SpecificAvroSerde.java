package dev.riskgate.serde;

import dev.riskgate.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serializer and deserializer of one specific record type in Confluent's wire format. */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final SpecificAvroSerializer<T> serializer;
  private final SpecificAvroDeserializer<T> deserializer;

  public SpecificAvroSerde(SchemaRegistryClient registry, Class<T> type, boolean isKey, boolean autoRegister) {
    this.serializer = new SpecificAvroSerializer<>(registry, isKey, autoRegister);
    this.deserializer = new SpecificAvroDeserializer<>(registry, type);
  }

  /** A value serde that registers its schema on first use. */
  public static <T extends SpecificRecord> SpecificAvroSerde<T> forValues(SchemaRegistryClient registry, Class<T> type) {
    return new SpecificAvroSerde<>(registry, type, false, true);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // configured through the constructor
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public SpecificAvroDeserializer<T> deserializer() {
    return deserializer;
  }
}
