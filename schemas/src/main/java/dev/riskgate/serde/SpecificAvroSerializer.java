package dev.riskgate.serde;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
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
    GeneratedClassTrust.install();
  }

  private static final byte[] HEADER_PLACEHOLDER = new byte[WireFormat.HEADER_SIZE];

  private SchemaRegistryClient registry;
  private boolean isKey;
  private boolean autoRegister = true;
  private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
  private final Map<org.apache.avro.Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
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
      b.out.write(HEADER_PLACEHOLDER);
      // buffered, not direct: the direct encoder makes one synchronized ByteArrayOutputStream.write per byte, which
      // for a 2 KB audit event cost more than the Avro encoding itself
      b.encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
      writers.computeIfAbsent(data.getSchema(), SpecificAvroSerializer::writerFor).write(data, b.encoder);
      b.encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot write " + data.getSchema().getFullName() + " to topic " + topic, e);
    }
    byte[] bytes = b.out.toByteArray();
    WireFormat.writeHeader(bytes, schemaId);
    return bytes;
  }

  /** Avro's generic writer, except for the two records of every decision, which have hand-written ones. */
  @SuppressWarnings("unchecked")
  private static <T> DatumWriter<T> writerFor(org.apache.avro.Schema schema) {
    if (schema.equals(AuditEvent.getClassSchema())) {
      return (DatumWriter<T>) new AuditEventWriter();
    }
    if (schema.equals(Decision.getClassSchema())) {
      return (DatumWriter<T>) new DecisionDatumWriter();
    }
    return new SpecificDatumWriter<>(schema);
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
