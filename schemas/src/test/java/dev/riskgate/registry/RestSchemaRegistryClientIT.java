package dev.riskgate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.riskgate.schema.Transaction;
import dev.riskgate.serde.SpecificAvroDeserializer;
import dev.riskgate.serde.SpecificAvroSerializer;
import dev.riskgate.serde.WireFormatException;
import dev.riskgate.testing.LocalStack;
import dev.riskgate.testing.TestRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RestSchemaRegistryClient} against a real Apicurio Registry (Confluent API, global rule BACKWARD). */
class RestSchemaRegistryClientIT {
  private static final Schema V1 = Transaction.getClassSchema();
  /** V1 plus an optional field: BACKWARD compatible. */
  private static final Schema V2_COMPATIBLE = withExtraField(true);
  /** V1 plus a required field: a V2 reader cannot read V1 data, so BACKWARD refuses it. */
  private static final Schema V2_INCOMPATIBLE = withExtraField(false);

  private String subject;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void setUp() {
    subject = "it-" + UUID.randomUUID() + "-value";
    client = new RestSchemaRegistryClient(RegistryClientConfig.defaults(LocalStack.shared().registryUrl()));
  }

  @Test
  void reRegisteringTheSameSchemaGivesTheSameId() {
    int id = client.register(subject, V1);
    // a second client has no cache: the registry itself must answer with the same id
    try (var other = freshClient()) {
      assertThat(other.register(subject, V1)).isEqualTo(id);
    }
    assertThat(client.register(subject, V1)).isEqualTo(id);
  }

  @Test
  void looksUpASchemaById() {
    int id = client.register(subject, V1);

    try (var other = freshClient()) {
      assertThat(other.schemaById(id)).isEqualTo(V1);
    }
  }

  @Test
  void unknownIdIsSchemaNotFound() {
    int id = client.register(subject, V1);
    int unknown = id + 1_000_000;

    var e = catchThrowableOfType(SchemaNotFoundException.class, () -> freshClient().schemaById(unknown));

    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e).hasMessageContaining(String.valueOf(unknown)).hasMessageContaining(client.url());
  }

  @Test
  void latestVersionOfASubject() {
    client.register(subject, V1);
    int v2 = client.register(subject, V2_COMPATIBLE);

    RegisteredSchema latest = freshClient().latest(subject);

    assertThat(latest.subject()).isEqualTo(subject);
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.id()).isEqualTo(v2);
    assertThat(latest.schema()).isEqualTo(V2_COMPATIBLE);
  }

  @Test
  void compatibilityCheck() {
    client.register(subject, V1);

    assertThat(client.checkCompatibility(subject, V2_COMPATIBLE).compatible()).isTrue();
    CompatibilityResult incompatible = client.checkCompatibility(subject, V2_INCOMPATIBLE);
    assertThat(incompatible.compatible()).isFalse();
  }

  @Test
  void compatibilityWithAnEmptySubjectIsOk() {
    assertThat(client.checkCompatibility(subject, V2_INCOMPATIBLE).compatible()).isTrue();
  }

  @Test
  void incompatibleSchemaIsRejectedOnRegister() {
    client.register(subject, V1);

    var e = catchThrowableOfType(IncompatibleSchemaException.class, () -> client.register(subject, V2_INCOMPATIBLE));

    assertThat(e.httpStatus()).isEqualTo(409);
    assertThat(e).hasMessageContaining(subject).hasMessageContaining(client.url())
        .hasMessageContaining("breaks the subject's compatibility rule (HTTP 409)")
        .hasMessageContaining("channel") // Apicurio names the offending field
        .hasMessageNotContaining("Exception:");
    // the subject is unchanged
    assertThat(client.latest(subject).schema()).isEqualTo(V1);
  }

  @Test
  void knownSchemasKeepDecodingWhileTheRegistryIsDown() {
    try (LocalStack stack = LocalStack.startNew(true)) {
      RegistryClientConfig quick = RegistryClientConfig.defaults(stack.registryUrl())
          .withRetries(2, Duration.ofMillis(50));
      var writerClient = new RestSchemaRegistryClient(quick);
      var readerClient = new RestSchemaRegistryClient(quick);
      var serializer = new SpecificAvroSerializer<Transaction>(writerClient, false, true);
      var deserializer = new SpecificAvroDeserializer<>(readerClient, Transaction.class);
      byte[] before = serializer.serialize("payments", TestRecords.transaction("tx-before"));
      assertThat(deserializer.deserialize("payments", before)).isEqualTo(TestRecords.transaction("tx-before"));
      int knownId = writerClient.latest("payments-value").id();
      int neverSeenId = knownId + 1_000;

      stack.stopRegistry();

      // already fetched: served from cache, and new records with that id still decode
      assertThat(readerClient.schemaById(knownId)).isEqualTo(Transaction.getClassSchema());
      byte[] during = serializer.serialize("payments", TestRecords.transaction("tx-during"));
      assertThat(deserializer.deserialize("payments", during)).isEqualTo(TestRecords.transaction("tx-during"));

      // never seen: fails fast with a typed error naming the registry
      long started = System.nanoTime();
      var unavailable = catchThrowableOfType(RegistryUnavailableException.class,
          () -> readerClient.schemaById(neverSeenId));
      assertThat(unavailable).hasMessageContaining(stack.registryUrl()).hasMessageContaining("unreachable");
      byte[] unknown = before.clone();
      unknown[1] = (byte) (neverSeenId >>> 24);
      unknown[2] = (byte) (neverSeenId >>> 16);
      unknown[3] = (byte) (neverSeenId >>> 8);
      unknown[4] = (byte) neverSeenId;
      var wire = catchThrowableOfType(WireFormatException.class,
          () -> deserializer.deserialize("payments", 2, 17L, unknown));
      assertThat(wire.kind()).isEqualTo(WireFormatException.Kind.REGISTRY_UNAVAILABLE);
      assertThat(wire).hasMessageContaining("payments partition 2 offset 17").hasMessageContaining(stack.registryUrl());
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
  }

  private RestSchemaRegistryClient freshClient() {
    return new RestSchemaRegistryClient(RegistryClientConfig.defaults(client.url()));
  }

  private static Schema withExtraField(boolean optional) {
    List<Schema.Field> fields = new ArrayList<>();
    V1.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(optional
        ? new Schema.Field("channel", Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
            "added by the test", Schema.Field.NULL_DEFAULT_VALUE)
        : new Schema.Field("channel", Schema.create(Schema.Type.STRING), "added by the test"));
    return Schema.createRecord(V1.getName(), V1.getDoc(), V1.getNamespace(), false, fields);
  }
}
