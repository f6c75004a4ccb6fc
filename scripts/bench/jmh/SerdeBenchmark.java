// JMH refuses benchmark classes in the default package; scripts/bench/jmh/run compiles these files as they lie
package dev.riskgate.bench.jmh;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.Transaction;
import dev.riskgate.serde.SpecificAvroSerde;
import dev.riskgate.topics.Topics;
import dev.riskgate.topology.OfflineScreening;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Our Confluent wire-format serde on the hot records: decoding a transaction (every input) and encoding a decision
 * (every output), and the audit event of a real screening, the largest record. The registry is the in-process mock: after the first call the schema id comes from the cache, as
 * in the app.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerdeBenchmark {
  private static final String TOPIC = "transactions";

  private Serializer<Transaction> transactionSerializer;
  private Deserializer<Transaction> transactionDeserializer;
  private Serializer<Decision> decisionSerializer;
  private Transaction transaction;
  private byte[] transactionBytes;
  private Decision decision;
  private Serializer<AuditEvent> auditSerializer;
  private AuditEvent audit;

  @Setup
  public void registerAndEncode() {
    MockSchemaRegistryClient registry = MockSchemaRegistryClient.forScope("jmh-serde");
    var transactions = SpecificAvroSerde.forValues(registry, Transaction.class);
    transactionSerializer = transactions.serializer();
    transactionDeserializer = transactions.deserializer();
    decisionSerializer = SpecificAvroSerde.forValues(registry, Decision.class).serializer();
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(42, 500, 200, 0, 0.0, "jmh"));
    // status changes and retries are off: every event is a new transaction
    transaction = ((TrafficGenerator.TransactionEvent) generator.next(System.currentTimeMillis())).transaction();
    transactionBytes = transactionSerializer.serialize(TOPIC, transaction);
    decision = Decision.newBuilder().setTransactionId(transaction.getTransactionId())
        .setCardToken(transaction.getCardToken()).setOutcome(Outcome.ALLOW).setResponseCode("00")
        .setRetryable(false).setReasons(List.of()).setScore(0).setRulesetVersion("default")
        .setEventTime(transaction.getEventTime()).setDecidedAt(Instant.now()).setRetry(false).build();
    auditSerializer = SpecificAvroSerde.forValues(registry, AuditEvent.class).serializer();
    audit = screenedAudit(generator);
    auditWriter = new SpecificDatumWriter<>(AuditEvent.getClassSchema());
  }

  /** A real audit event: the default ruleset's screening of the 200th transaction of generated traffic. */
  public static AuditEvent screenedAudit(TrafficGenerator generator) {
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), Map.of("schema.registry.url", "mock://jmh-audit",
        "instance.id", "jmh"));
    Topics topics = new Topics("", MockSchemaRegistryClient.forScope("jmh-audit"));
    Serializer<Transaction> serializer = topics.transactions().valueSerde().serializer();
    try (OfflineScreening screening = new OfflineScreening(config, topics, Rulesets.defaultRuleset())) {
      AuditEvent last = null;
      long now = System.currentTimeMillis();
      for (int i = 0; i < 200; i++) {
        Transaction tx = ((TrafficGenerator.TransactionEvent) generator.next(now)).transaction();
        last = screening.screen(tx.getCardToken(), serializer.serialize(TOPIC, tx), now).audit();
      }
      return last;
    }
  }

  @Benchmark
  public byte[] serializeAuditEvent() {
    return auditSerializer.serialize("audit", audit);
  }

  private SpecificDatumWriter<AuditEvent> auditWriter; // made in setup, once the serde has set Avro's class trust
  private final ByteArrayOutputStream directOut = new ByteArrayOutputStream(512);
  private BinaryEncoder directEncoder;

  /** The baseline of the serializer before 2026-11-26: Avro's direct encoder, one stream write per byte. */
  @Benchmark
  public byte[] serializeAuditEventDirectEncoder() throws IOException {
    directOut.reset();
    directEncoder = EncoderFactory.get().directBinaryEncoder(directOut, directEncoder);
    auditWriter.write(audit, directEncoder);
    directEncoder.flush();
    return directOut.toByteArray();
  }

  @Benchmark
  public byte[] serializeTransaction() {
    return transactionSerializer.serialize(TOPIC, transaction);
  }

  @Benchmark
  public Transaction deserializeTransaction() {
    return transactionDeserializer.deserialize(TOPIC, transactionBytes);
  }

  @Benchmark
  public byte[] serializeDecision() {
    return decisionSerializer.serialize("decisions", decision);
  }
}
