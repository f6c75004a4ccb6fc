package dev.riskgate.serde;

import dev.riskgate.registry.RegistryUnavailableException;
import dev.riskgate.registry.SchemaNotFoundException;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format bytes into specific Avro records. Writer schemas are fetched once per id and kept, so
 * records with a schema already seen keep decoding while the registry is down. Every failure is a
 * {@link WireFormatException} naming the topic and what was wrong.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  static {
    GeneratedClassTrust.install();
  }

  private SchemaRegistryClient registry;
  private Class<T> targetType;
  private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

  /** For Kafka's reflective construction; {@link #configure} must follow. The class comes from the writer schema. */
  public SpecificAvroDeserializer() {}

  public SpecificAvroDeserializer(SchemaRegistryClient registry, Class<T> targetType) {
    this.registry = registry;
    this.targetType = targetType;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.registry = SchemaRegistryClients.fromKafkaConfig(configs);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < WireFormat.HEADER_SIZE) {
      throw new WireFormatException(WireFormatException.Kind.TRUNCATED, topic,
          data.length + " bytes, shorter than the 5-byte wire-format header", null);
    }
    if (data[0] != WireFormat.MAGIC_BYTE) {
      throw new WireFormatException(WireFormatException.Kind.UNKNOWN_MAGIC_BYTE, topic,
          String.format("unknown magic byte 0x%02x (expected 0x00: not written by a schema-registry serializer)", data[0]),
          null);
    }
    int schemaId = WireFormat.readSchemaId(data);
    SpecificDatumReader<T> reader = readers.computeIfAbsent(schemaId, id -> readerFor(topic, id));
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE,
            decoders.get());
    decoders.set(decoder);
    T record;
    try {
      record = reader.read(null, decoder);
    } catch (java.io.EOFException e) {
      throw new WireFormatException(WireFormatException.Kind.TRUNCATED, topic,
          "Avro body ends early for schema id " + schemaId + " (" + data.length + " bytes)", e);
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException(WireFormatException.Kind.CORRUPT, topic,
          "Avro body does not decode with schema id " + schemaId + ": " + e, e);
    }
    try {
      if (!decoder.isEnd()) {
        throw new WireFormatException(WireFormatException.Kind.CORRUPT, topic,
            "trailing bytes after the Avro record of schema id " + schemaId, null);
      }
    } catch (IOException e) {
      throw new WireFormatException(WireFormatException.Kind.CORRUPT, topic, e.toString(), e);
    }
    return record;
  }

  /** Decodes and names the partition and offset in any error. */
  public T deserialize(String topic, int partition, long offset, byte[] data) {
    try {
      return deserialize(topic, data);
    } catch (WireFormatException e) {
      throw e.at(partition, offset);
    }
  }

  private SpecificDatumReader<T> readerFor(String topic, int schemaId) {
    if (registry == null) {
      // built by Kafka reflectively but never configured: say so instead of a NullPointerException
      throw new IllegalStateException("SpecificAvroDeserializer for topic " + topic + " has no registry: set "
          + SerdeConfig.SCHEMA_REGISTRY_URL + " and call configure()");
    }
    Schema writer;
    try {
      writer = registry.schemaById(schemaId);
    } catch (SchemaNotFoundException e) {
      throw new WireFormatException(WireFormatException.Kind.UNKNOWN_SCHEMA_ID, topic,
          "schema id " + schemaId + " is unknown to the registry at " + registry.url(), e);
    } catch (RegistryUnavailableException e) {
      throw new WireFormatException(WireFormatException.Kind.REGISTRY_UNAVAILABLE, topic,
          "schema id " + schemaId + " is new here and the registry is unreachable: " + e.getMessage(), e);
    }
    Schema reader;
    if (targetType != null) {
      reader = SpecificData.get().getSchema(targetType);
    } else {
      Class<?> generated = SpecificData.get().getClass(writer);
      if (generated == null) {
        throw new WireFormatException(WireFormatException.Kind.CORRUPT, topic,
            "no generated class for " + writer.getFullName() + " (schema id " + schemaId + ")", null);
      }
      reader = SpecificData.get().getSchema(generated);
    }
    return new SpecificDatumReader<T>(writer, reader);
  }
}
