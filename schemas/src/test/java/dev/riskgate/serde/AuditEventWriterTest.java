package dev.riskgate.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.RuleMode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The hand-written audit and decision writers must write exactly what Avro's generic writer writes, for any event. */
class AuditEventWriterTest {
  private static final double[] ODD_DOUBLES = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300};
  private static final String[] TEXTS = {"", "a", "merchant-0042", "café", "€ 12", "日本", "x".repeat(200)};

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
      AuditEvent event = randomEvent(random);
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
      Decision decision = randomEvent(random).getDecision();
      assertThat(bytes(handWritten, decision)).as("decision %d: %s", i, decision)
          .isEqualTo(bytes(generic, decision));
    }
  }

  @Test
  void decisionsRoundTripThroughTheSerde() {
    var registry = MockSchemaRegistryClient.forScope("decision-writer-test");
    var serde = SpecificAvroSerde.forValues(registry, Decision.class);
    Decision decision = randomEvent(new Random(8)).getDecision();
    byte[] wire = serde.serializer().serialize("decisions", decision);
    assertThat(serde.deserializer().deserialize("decisions", wire).toString()).isEqualTo(decision.toString());
  }

  @Test
  void isWhatTheSerializerUsesForAuditEvents() throws IOException {
    var registry = MockSchemaRegistryClient.forScope("audit-writer-test");
    var serde = SpecificAvroSerde.forValues(registry, AuditEvent.class);
    AuditEvent event = randomEvent(new Random(7));
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

  private static AuditEvent randomEvent(Random r) {
    boolean retry = r.nextInt(4) == 0;
    List<ReasonCode> reasons = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      reasons.add(pick(r, ReasonCode.values()));
    }
    Decision decision = Decision.newBuilder().setTransactionId(text(r)).setCardToken(text(r))
        .setOutcome(pick(r, Outcome.values())).setResponseCode(text(r)).setRetryable(r.nextBoolean())
        .setReasons(reasons).setScore(r.nextInt()).setRulesetVersion(text(r)).setEventTime(instant(r))
        .setDecidedAt(instant(r)).setRetry(retry).build();
    Transaction tx = Transaction.newBuilder().setTransactionId(text(r)).setCardToken(text(r))
        .setAccountId(text(r)).setMerchantId(text(r)).setTerminalId(text(r)).setMcc(text(r))
        .setAmountMinor(r.nextLong()).setCurrency(text(r)).setEntryMode(pick(r, EntryMode.values()))
        .setEventTime(instant(r)).setCountry(text(r)).setLatitude(r.nextBoolean() ? null : number(r))
        .setLongitude(r.nextBoolean() ? null : number(r)).setAcquirerId(text(r)).build();
    List<RuleEvaluation> rules = new ArrayList<>();
    for (int i = r.nextInt(25); i > 0; i--) {
      rules.add(RuleEvaluation.newBuilder().setRuleId(text(r)).setRuleVersion(text(r))
          .setMode(pick(r, RuleMode.values())).setFired(r.nextBoolean())
          .setObserved(r.nextBoolean() ? null : number(r)).setThreshold(r.nextBoolean() ? null : number(r))
          .setReason(pick(r, ReasonCode.values())).build());
    }
    List<StatusCheck> statuses = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      statuses.add(new StatusCheck(pick(r, EntityType.values()), text(r), pick(r, Status.values()),
          r.nextBoolean() ? null : instant(r)));
    }
    Map<String, Double> features = new LinkedHashMap<>();
    for (int i = r.nextInt(40); i > 0; i--) {
      features.put(text(r) + i, number(r));
    }
    return AuditEvent.newBuilder().setDecision(decision).setTransaction(tx).setRules(rules).setStatuses(statuses)
        .setFeatures(features).setInputTopic(text(r)).setInputPartition(r.nextInt())
        .setInputOffset(r.nextLong()).setOriginalPartition(r.nextBoolean() ? null : r.nextInt())
        .setOriginalOffset(r.nextBoolean() ? null : r.nextLong()).setInstanceId(text(r)).setAppVersion(text(r))
        .setShadowOutcome(r.nextBoolean() ? null : pick(r, Outcome.values()))
        .setShadowScore(r.nextBoolean() ? null : r.nextInt()).build();
  }

  private static String text(Random r) {
    return TEXTS[r.nextInt(TEXTS.length)];
  }

  private static double number(Random r) {
    return r.nextInt(5) == 0 ? ODD_DOUBLES[r.nextInt(ODD_DOUBLES.length)] : r.nextGaussian() * 1e6;
  }

  private static Instant instant(Random r) {
    return Instant.ofEpochMilli(r.nextLong() >> 20);
  }

  private static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }
}
