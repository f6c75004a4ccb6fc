package dev.riskgate.serde;

import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes specific Avro records in Confluent's wire format. The schema id is looked up (or registered) once per topic
 * and cached: the registry is never called per record.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  static {
    TrustedAvroClasses.ensureContractTrusted();
  }

  private SchemaRegistryClient registry;
  private boolean isKey;
  private boolean autoRegister = true;
  private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
  private final Map<org.apache.avro.Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();
  private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

  /** For Kafka's reflective construction; {@link #configure} must follow. */
  public SpecificAvroSerializer() {}

  public SpecificAvroSerializer(SchemaRegistryClient registry, boolean isKey, boolean autoRegister) {
    this.registry = registry;
    this.isKey = isKey;
    this.autoRegister = autoRegister;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.registry = SchemaRegistryClients.fromKafkaConfig(configs);
    Object auto = configs.get(SerdeConfig.AUTO_REGISTER_SCHEMAS);
    this.autoRegister = auto == null || Boolean.parseBoolean(auto.toString());
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    int schemaId = idByTopic.computeIfAbsent(topic, t -> schemaIdFor(t, data));
    Buffers b = buffers.get();
    b.out.reset();
    try {
      b.out.write(new byte[WireFormat.HEADER_SIZE]);
      b.encoder = EncoderFactory.get().directBinaryEncoder(b.out, b.encoder);
      writers.computeIfAbsent(data.getSchema(), SpecificDatumWriter::new).write(data, b.encoder);
      b.encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot write " + data.getSchema().getFullName() + " to topic " + topic, e);
    }
    byte[] bytes = b.out.toByteArray();
    WireFormat.writeHeader(bytes, schemaId);
    return bytes;
  }

  private int schemaIdFor(String topic, T data) {
    String subject = WireFormat.subject(topic, isKey);
    if (autoRegister) {
      return registry.register(subject, data.getSchema());
    }
    var latest = registry.latest(subject);
    if (!latest.schema().equals(data.getSchema())) {
      throw new SerializationException("Subject '" + subject + "' at " + registry.url() + " holds version "
          + latest.version() + " (id " + latest.id() + "), which is not the schema of "
          + data.getSchema().getFullName() + "; register it or enable " + SerdeConfig.AUTO_REGISTER_SCHEMAS);
    }
    return latest.id();
  }

  private static final class Buffers {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    BinaryEncoder encoder;
  }
}
