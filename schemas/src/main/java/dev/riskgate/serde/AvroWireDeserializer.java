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
import org.apache.avro.io.DatumReader;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format bytes with a datum reader per writer schema, which a subclass makes. Writer schemas are
 * fetched once per id and kept, so records with a schema already seen keep decoding while the registry is down. Every
 * failure is a {@link WireFormatException} naming the topic and what was wrong.
 */
public abstract class AvroWireDeserializer<T> implements Deserializer<T> {
  private SchemaRegistryClient registry;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

  /** For Kafka's reflective construction; {@link #configure} must follow. */
  protected AvroWireDeserializer() {}

  protected AvroWireDeserializer(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  /** The reader of records written with {@code writer} (schema id {@code schemaId}, read from {@code topic}). */
  protected abstract DatumReader<T> readerOf(Schema writer, String topic, int schemaId);

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
    DatumReader<T> reader = readers.computeIfAbsent(schemaId, id -> readerFor(topic, id));
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

  private DatumReader<T> readerFor(String topic, int schemaId) {
    if (registry == null) {
      // built by Kafka reflectively but never configured: say so instead of a NullPointerException
      throw new IllegalStateException("Deserializer for topic " + topic + " has no registry: set "
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
    return readerOf(writer, topic, schemaId);
  }
}
