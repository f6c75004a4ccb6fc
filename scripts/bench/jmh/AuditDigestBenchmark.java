// in the package of the reader it measures, whose classes are package-private (the class path does not seal it)
package dev.riskgate.outcomes;

import dev.riskgate.bench.jmh.SerdeBenchmark;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.serde.ProjectedAvroDeserializer;
import dev.riskgate.serde.SpecificAvroSerde;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Outcome counting's read of an audit event (a real screening's, ~2.6 KB): off the bytes by the layout reader, and
 * through Avro's schema resolution onto the projection, as it reads an event of another release's schema.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuditDigestBenchmark {
  private static final String TOPIC = "audit";
  private AuditDigestDeserializer layout;
  private ProjectedAvroDeserializer resolving;
  private byte[] audit;

  @Setup
  public void encode() {
    MockSchemaRegistryClient registry = MockSchemaRegistryClient.forScope("jmh-audit-digest");
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(42, 500, 200, 0, 0.0, "jmh"));
    AuditEvent event = SerdeBenchmark.screenedAudit(generator);
    audit = SpecificAvroSerde.forValues(registry, AuditEvent.class).serializer().serialize(TOPIC, event);
    layout = new AuditDigestDeserializer(registry);
    resolving = new ProjectedAvroDeserializer(registry, AuditDigest.PROJECTION);
  }

  @Benchmark
  public AuditDigest layoutReader() {
    return layout.deserialize(TOPIC, audit);
  }

  @Benchmark
  public AuditDigest resolvingReader() {
    return AuditDigest.of(resolving.deserialize(TOPIC, audit));
  }
}
