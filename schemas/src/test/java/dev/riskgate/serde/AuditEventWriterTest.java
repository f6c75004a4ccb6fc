package dev.riskgate.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import dev.riskgate.testing.RandomAuditEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The hand-written audit and decision writers must write exactly what Avro's generic writer writes, for any event. */
class AuditEventWriterTest {
  @Test
  void knowsEveryFieldOfTheSchemasInOrder() {
    assertThat(AuditEventWriter.AUDIT_FIELDS).isEqualTo(names(AuditEvent.getClassSchema()));
    assertThat(DecisionDatumWriter.DECISION_FIELDS).isEqualTo(names(Decision.getClassSchema()));
    assertThat(AuditEventWriter.RULE_EVALUATION_FIELDS).isEqualTo(names(RuleEvaluation.getClassSchema()));
    assertThat(AuditEventWriter.TRANSACTION_FIELDS).isEqualTo(names(Transaction.getClassSchema()));
    assertThat(AuditEventWriter.STATUS_CHECK_FIELDS).isEqualTo(names(StatusCheck.getClassSchema()));
  }

  @Test
  void writesTheSameBytesAsAvrosGenericWriter() throws IOException {
    GeneratedClassTrust.install();
    DatumWriter<AuditEvent> generic = new SpecificDatumWriter<>(AuditEvent.getClassSchema());
    DatumWriter<AuditEvent> handWritten = new AuditEventWriter();
    Random random = new Random(20261126);
    for (int i = 0; i < 3_000; i++) {
      AuditEvent event = RandomAuditEvents.next(random);
      assertThat(bytes(handWritten, event)).as("event %d: %s", i, event).isEqualTo(bytes(generic, event));
    }
  }

  @Test
  void decisionWriterWritesTheSameBytesAsAvrosGenericWriter() throws IOException {
    GeneratedClassTrust.install();
    DatumWriter<Decision> generic = new SpecificDatumWriter<>(Decision.getClassSchema());
    DatumWriter<Decision> handWritten = new DecisionDatumWriter();
    Random random = new Random(20261127);
    for (int i = 0; i < 3_000; i++) {
      Decision decision = RandomAuditEvents.next(random).getDecision();
      assertThat(bytes(handWritten, decision)).as("decision %d: %s", i, decision)
          .isEqualTo(bytes(generic, decision));
    }
  }

  @Test
  void decisionsRoundTripThroughTheSerde() {
    var registry = MockSchemaRegistryClient.forScope("decision-writer-test");
    var serde = SpecificAvroSerde.forValues(registry, Decision.class);
    Decision decision = RandomAuditEvents.next(new Random(8)).getDecision();
    byte[] wire = serde.serializer().serialize("decisions", decision);
    assertThat(serde.deserializer().deserialize("decisions", wire).toString()).isEqualTo(decision.toString());
  }

  @Test
  void isWhatTheSerializerUsesForAuditEvents() throws IOException {
    var registry = MockSchemaRegistryClient.forScope("audit-writer-test");
    var serde = SpecificAvroSerde.forValues(registry, AuditEvent.class);
    AuditEvent event = RandomAuditEvents.next(new Random(7));
    byte[] wire = serde.serializer().serialize("audit", event);
    byte[] generic = bytes(new SpecificDatumWriter<>(AuditEvent.getClassSchema()), event);
    assertThat(Arrays.copyOfRange(wire, WireFormat.HEADER_SIZE, wire.length)).isEqualTo(generic);
    // Avro's equals cannot compare an Instant inside a union, and the reader's map is a HashMap: compare parts
    AuditEvent read = serde.deserializer().deserialize("audit", wire);
    assertThat(read.getFeatures()).isEqualTo(event.getFeatures());
    assertThat(read.getDecision().toString()).isEqualTo(event.getDecision().toString());
    assertThat(read.getStatuses().toString()).isEqualTo(event.getStatuses().toString());
  }

  private static List<String> names(Schema schema) {
    return schema.getFields().stream().map(Schema.Field::name).toList();
  }

  private static <T> byte[] bytes(DatumWriter<T> writer, T event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(event, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
