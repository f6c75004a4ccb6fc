package dev.riskgate.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.testing.TestRecords;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading a few fields of a large record, the rest skipped, against the in-process mock:// registry. */
class ProjectedAvroDeserializerTest {
  private static final String TOPIC = "audit";
  private final String scope = "projection-test-" + UUID.randomUUID();
  private final SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + scope);

  @AfterEach
  void dropScope() {
    MockSchemaRegistryClient.dropScope(scope);
  }

  @Test
  void readsTheNamedFieldsThroughRecordsAndArraysAndNothingElse() {
    AuditEvent audit = TestRecords.auditEvent();
    byte[] bytes = SpecificAvroSerde.forValues(registry, AuditEvent.class).serializer().serialize(TOPIC, audit);
    Schema projection = ProjectedAvroDeserializer.project(AuditEvent.getClassSchema(), "decision.transactionId",
        "decision.outcome", "rules.ruleId", "rules.fired", "inputOffset");

    GenericRecord read = new ProjectedAvroDeserializer(registry, projection).deserialize(TOPIC, bytes);

    assertThat(read.getSchema().getFields()).extracting(Schema.Field::name)
        .containsExactly("decision", "rules", "inputOffset");
    GenericRecord decision = (GenericRecord) read.get("decision");
    assertThat(decision.getSchema().getFields()).hasSize(2);
    assertThat(decision.get("transactionId").toString()).isEqualTo(audit.getDecision().getTransactionId());
    assertThat(decision.get("outcome").toString()).isEqualTo(audit.getDecision().getOutcome().name());
    GenericRecord rule = (GenericRecord) ((List<?>) read.get("rules")).get(0);
    assertThat(rule.get("ruleId").toString()).isEqualTo(audit.getRules().get(0).getRuleId());
    assertThat(rule.get("fired")).isEqualTo(true);
    assertThat(read.get("inputOffset")).isEqualTo(audit.getInputOffset());
  }

  @Test
  void aTruncatedRecordIsRefusedAsTheSpecificReaderRefusesIt() {
    byte[] bytes = SpecificAvroSerde.forValues(registry, AuditEvent.class).serializer()
        .serialize(TOPIC, TestRecords.auditEvent());
    Schema projection = ProjectedAvroDeserializer.project(AuditEvent.getClassSchema(), "decision.transactionId");
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 20);

    assertThatThrownBy(() -> new ProjectedAvroDeserializer(registry, projection).deserialize(TOPIC, cut))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void aFieldTheRecordDoesNotHaveIsAMistakeOfTheCaller() {
    assertThatThrownBy(() -> ProjectedAvroDeserializer.project(AuditEvent.getClassSchema(), "decision.nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
  }
}
