package dev.riskgate.outcomes;

import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.serde.AvroWireDeserializer;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;

/**
 * Audit events as outcome counting reads them: written with the layout {@link AuditLayoutReader} knows (this
 * release's), read straight off the bytes; written with any other schema (an older or newer riskgate's), through
 * Avro's schema resolution onto {@link AuditDigest#PROJECTION}.
 */
final class AuditDigestDeserializer extends AvroWireDeserializer<AuditDigest> {
  AuditDigestDeserializer(SchemaRegistryClient registry) {
    super(registry);
  }

  @Override
  protected DatumReader<AuditDigest> readerOf(Schema writer, String topic, int schemaId) {
    return AuditLayoutReader.knows(writer) ? new AuditLayoutReader() : resolving(writer);
  }

  private static DatumReader<AuditDigest> resolving(Schema writer) {
    GenericDatumReader<GenericRecord> generic = new GenericDatumReader<>(writer, AuditDigest.PROJECTION);
    return new DatumReader<>() {
      @Override
      public void setSchema(Schema schema) {
        generic.setSchema(schema);
      }

      @Override
      public AuditDigest read(AuditDigest reuse, Decoder in) throws IOException {
        return AuditDigest.of(generic.read(null, in));
      }
    };
  }
}
