// JMH refuses benchmark classes in the default package; scripts/bench/jmh/run compiles these files as they lie
package dev.riskgate.bench.jmh;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.Transaction;
import dev.riskgate.serde.SpecificAvroSerde;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * (every output). The registry is the in-process mock: after the first call the schema id comes from the cache, as
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
