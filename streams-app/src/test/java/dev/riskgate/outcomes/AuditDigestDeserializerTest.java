package dev.riskgate.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.serde.ProjectedAvroDeserializer;
import dev.riskgate.serde.SpecificAvroSerde;
import dev.riskgate.serde.WireFormatException;
import dev.riskgate.testing.RandomAuditEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The layout reader against Avro's resolving reader: the same digest for any event, and the fallback for others. */
class AuditDigestDeserializerTest {
  private static final String TOPIC = "audit";
  private final String scope = "audit-digest-test-" + UUID.randomUUID();
  private final SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + scope);
  private final SpecificAvroSerde<AuditEvent> serde = SpecificAvroSerde.forValues(registry, AuditEvent.class);

  @AfterEach
  void dropScope() {
    MockSchemaRegistryClient.dropScope(scope);
  }

  @Test
  void theAuditSchemaHasTheLayoutTheReaderKnows() {
    assertThat(AuditLayoutReader.layoutIsCurrent())
        .as("the audit schema changed: bring AuditLayoutReader's field order up to date, then its LAYOUT "
            + "fingerprint (SchemaNormalization.parsingFingerprint64 of AuditEvent's schema)")
        .isTrue();
  }

  @Test
  void readsTheSameDigestAsAvrosResolvingReader() {
    var resolving = new ProjectedAvroDeserializer(registry, AuditDigest.PROJECTION);
    var layout = new AuditDigestDeserializer(registry);
    Random random = new Random(20261207);
    for (int i = 0; i < 3_000; i++) {
      AuditEvent event = RandomAuditEvents.next(random);
      byte[] wire = serde.serializer().serialize(TOPIC, event);
      assertThat(layout.deserialize(TOPIC, wire)).as("event %d: %s", i, event)
          .isEqualTo(AuditDigest.of(resolving.deserialize(TOPIC, wire)));
    }
  }

  @Test
  void choosesTheLayoutReaderForTheSchemaAsARegistryReturnsIt() {
    // a REST registry's schema is parsed from its text, not the generated class's object
    Schema parsed = new Schema.Parser().parse(AuditEvent.getClassSchema().toString());

    assertThat(new AuditDigestDeserializer(registry).readerOf(parsed, TOPIC, 1)).isInstanceOf(AuditLayoutReader.class);
  }

  @Test
  void readsArraysAndMapsWrittenInSeveralBlocksAsAvrosReaderDoes() throws IOException {
    // Avro's blocking encoder writes arrays and maps in blocks with byte sizes (negative counts), as other writers may
    var resolving = new ProjectedAvroDeserializer(registry, AuditDigest.PROJECTION);
    var layout = new AuditDigestDeserializer(registry);
    int schemaId = registry.register("audit-value", AuditEvent.getClassSchema());
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      AuditEvent event = RandomAuditEvents.next(random);
      GenericRecord generic = readAsGeneric(serde.serializer().serialize(TOPIC, event));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
      BinaryEncoder blocks = new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(AuditEvent.getClassSchema()).write(generic, blocks);
      blocks.flush();
      byte[] wire = out.toByteArray();

      assertThat(layout.deserialize(TOPIC, wire)).as("event %d", i)
          .isEqualTo(AuditDigest.of(resolving.deserialize(TOPIC, wire)));
    }
  }

  @Test
  void refusesAUnionBranchOutsideTheUnion() {
    AuditEvent event = RandomAuditEvents.next(new Random(9));
    event.setShadowScore(null); // the last field: a union index 0, then the end
    byte[] wire = serde.serializer().serialize(TOPIC, event);
    wire[wire.length - 1] = 4; // zig-zag 2: a third branch of ["null", "int"]

    assertThatThrownBy(() -> new AuditDigestDeserializer(registry).deserialize(TOPIC, wire))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void readsThisReleasesEventsOffTheBytesWithoutAvrosReader() throws IOException {
    AuditEvent event = RandomAuditEvents.next(new Random(3));
    byte[] wire = serde.serializer().serialize(TOPIC, event);
    AuditDigest read = new AuditLayoutReader().read(null, DecoderFactory.get()
        .binaryDecoder(wire, 5, wire.length - 5, null));
    assertThat(read.transactionId()).isEqualTo(event.getDecision().getTransactionId());
    assertThat(read.summary().fired()).hasSize((int) event.getRules().stream().filter(r -> r.getFired()).count());
  }

  @Test
  void readsAnEventOfAnotherSchemaThroughResolution() throws IOException {
    AuditEvent event = RandomAuditEvents.next(new Random(11));
    // a later release's audit event: one more field, first, so that a fixed layout would misread everything
    Schema current = AuditEvent.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    fields.add(new Schema.Field("tenant", Schema.create(Schema.Type.STRING), "added later", "none"));
    current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    Schema later = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    GenericRecord generic = readAsGeneric(serde.serializer().serialize(TOPIC, event));
    GenericData.Record laterEvent = new GenericData.Record(later);
    current.getFields().forEach(f -> laterEvent.put(f.name(), generic.get(f.name())));
    laterEvent.put("tenant", "t-1");
    byte[] wire = wire(registry.register("audit-value", later), later, laterEvent);

    AuditDigest read = new AuditDigestDeserializer(registry).deserialize(TOPIC, wire);

    assertThat(AuditLayoutReader.knows(later)).isFalse();
    assertThat(read).isEqualTo(AuditDigest.of(
        new ProjectedAvroDeserializer(registry, AuditDigest.PROJECTION).deserialize(TOPIC, wire)));
    assertThat(read.transactionId()).isEqualTo(event.getDecision().getTransactionId());
  }

  @Test
  void refusesACutOrPaddedEventAsTheResolvingReaderDoes() {
    byte[] wire = serde.serializer().serialize(TOPIC, RandomAuditEvents.next(new Random(5)));
    var layout = new AuditDigestDeserializer(registry);
    byte[] cut = Arrays.copyOf(wire, wire.length - 3);
    byte[] padded = Arrays.copyOf(wire, wire.length + 1);

    assertThatThrownBy(() -> layout.deserialize(TOPIC, cut)).isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> layout.deserialize(TOPIC, padded)).isInstanceOf(WireFormatException.class)
        .hasMessageContaining("trailing bytes");
  }

  private static GenericRecord readAsGeneric(byte[] wire) throws IOException {
    return new GenericDatumReader<GenericRecord>(AuditEvent.getClassSchema())
        .read(null, DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, null));
  }

  private static byte[] wire(int schemaId, Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
