package dev.riskgate.it.fault;

import dev.riskgate.registry.CompatibilityResult;
import dev.riskgate.registry.RegisteredSchema;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.serde.SpecificAvroDeserializer;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializers for riskgate's own topics that need no registry, for reading while it is down (the test's last
 * registry outage lasts to the end): every schema id is answered with the generated class's schema, the one riskgate
 * and this test register. Decoding itself is riskgate's {@link SpecificAvroDeserializer}.
 */
final class OwnSchemaDeserializers {
  private OwnSchemaDeserializers() {}

  static <T extends SpecificRecord> Deserializer<T> of(Class<T> type) {
    return new SpecificAvroDeserializer<>(new OwnSchema(SpecificData.get().getSchema(type)), type);
  }

  /** A registry that knows one schema, under every id, and can do nothing else. */
  private record OwnSchema(Schema schema) implements SchemaRegistryClient {
    @Override
    public Schema schemaById(int id) {
      return schema;
    }

    @Override
    public int register(String subject, Schema schema) {
      throw new UnsupportedOperationException("read-only: " + url());
    }

    @Override
    public RegisteredSchema latest(String subject) {
      throw new UnsupportedOperationException("read-only: " + url());
    }

    @Override
    public CompatibilityResult checkCompatibility(String subject, Schema schema) {
      throw new UnsupportedOperationException("read-only: " + url());
    }

    @Override
    public String url() {
      return "own schema " + schema.getFullName();
    }
  }
}
