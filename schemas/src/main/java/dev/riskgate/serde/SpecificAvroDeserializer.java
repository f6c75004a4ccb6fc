package dev.riskgate.serde;

import dev.riskgate.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/** Reads Confluent wire-format bytes into specific Avro records (the generated classes). */
public class SpecificAvroDeserializer<T extends SpecificRecord> extends AvroWireDeserializer<T> {
  static {
    GeneratedClassTrust.install();
  }

  private Class<T> targetType;

  /** For Kafka's reflective construction; {@link #configure} must follow. The class comes from the writer schema. */
  public SpecificAvroDeserializer() {}

  public SpecificAvroDeserializer(SchemaRegistryClient registry, Class<T> targetType) {
    super(registry);
    this.targetType = targetType;
  }

  @Override
  protected DatumReader<T> readerOf(Schema writer, String topic, int schemaId) {
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
