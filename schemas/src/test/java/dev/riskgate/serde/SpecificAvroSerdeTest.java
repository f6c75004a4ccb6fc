package dev.riskgate.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.schema.Transaction;
import dev.riskgate.testing.TestRecords;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Wire-format round trips and typed decoding errors against the in-process mock:// registry (no network). */
class SpecificAvroSerdeTest {
  private static final String TOPIC = "transactions";

  private final String scope = "serde-test-" + UUID.randomUUID();
  private final SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + scope);

  @AfterEach
  void dropScope() {
    MockSchemaRegistryClient.dropScope(scope);
  }

  static Stream<SpecificRecord> everyRecordType() {
    return Stream.of(TestRecords.transaction("tx-1"), TestRecords.entityStatus(), TestRecords.decision(),
        TestRecords.auditEvent(), TestRecords.deadLetter());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRecordType")
  <T extends SpecificRecord> void roundTripsEveryRecordType(T record) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) record.getClass();
    var serde = SpecificAvroSerde.forValues(registry, type);
    String topic = "rt-" + type.getSimpleName();

    byte[] bytes = serde.serializer().serialize(topic, record);

    assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
    assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(registry.latest(topic + "-value").id());
    // field by field: Avro's generated equals() throws on a decoded array of records holding a nullable
    // timestamp-millis (GenericData.compare ignores logical types), e.g. AuditEvent.statuses
    assertThat(serde.deserializer().deserialize(topic, bytes)).usingRecursiveComparison().isEqualTo(record);
  }

  @Test
  void reflectiveDeserializerPicksTheGeneratedClassFromTheWriterSchema() {
    byte[] bytes = serializer().serialize(TOPIC, TestRecords.transaction("tx-2"));
    var deserializer = new SpecificAvroDeserializer<SpecificRecord>();
    deserializer.configure(java.util.Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope), false);

    assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(TestRecords.transaction("tx-2"));
  }

  @Test
  void unconfiguredDeserializerSaysSo() {
    byte[] bytes = validBytes();

    assertThatThrownBy(() -> new SpecificAvroDeserializer<Transaction>().deserialize(TOPIC, bytes))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(SerdeConfig.SCHEMA_REGISTRY_URL);
  }

  @Test
  void nullStaysNull() {
    assertThat(serializer().serialize(TOPIC, null)).isNull();
    assertThat(deserializer().deserialize(TOPIC, null)).isNull();
  }

  @Test
  void unknownMagicByte() {
    byte[] bytes = validBytes();
    bytes[0] = 0x01;

    WireFormatException e = decodeFailure(bytes);

    assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNKNOWN_MAGIC_BYTE);
    assertThat(e).hasMessageContaining("topic " + TOPIC).hasMessageContaining("0x01");
  }

  @Test
  void unknownSchemaId() {
    byte[] bytes = validBytes();
    WireFormat.writeHeader(bytes, 987_654);

    WireFormatException e = decodeFailure(bytes);

    assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNKNOWN_SCHEMA_ID);
    assertThat(e).hasMessageContaining("topic " + TOPIC).hasMessageContaining("987654")
        .hasMessageContaining("mock://" + scope);
  }

  @Test
  void truncatedHeader() {
    for (int length = 0; length < WireFormat.HEADER_SIZE; length++) {
      WireFormatException e = decodeFailure(Arrays.copyOf(validBytes(), length));

      assertThat(e.kind()).as("%d bytes", length).isEqualTo(WireFormatException.Kind.TRUNCATED);
      assertThat(e).hasMessageContaining("topic " + TOPIC).hasMessageContaining(length + " bytes");
    }
  }

  @Test
  void truncatedBodyAtEveryLength() {
    byte[] valid = validBytes();
    for (int length = WireFormat.HEADER_SIZE; length < valid.length; length++) {
      WireFormatException e = decodeFailure(Arrays.copyOf(valid, length));

      assertThat(e.kind()).as("cut to %d of %d bytes", length, valid.length)
          .isEqualTo(WireFormatException.Kind.TRUNCATED);
      assertThat(e).hasMessageContaining("topic " + TOPIC);
    }
  }

  @Test
  void trailingBytes() {
    byte[] valid = validBytes();
    byte[] longer = Arrays.copyOf(valid, valid.length + 3);

    WireFormatException e = decodeFailure(longer);

    assertThat(e.kind()).isEqualTo(WireFormatException.Kind.CORRUPT);
    assertThat(e).hasMessageContaining("topic " + TOPIC).hasMessageContaining("trailing");
  }

  @Test
  void partitionAndOffsetAreNamedWhenKnown() {
    byte[] bytes = validBytes();
    bytes[0] = 0x7f;

    WireFormatException e = catchThrowableOfType(WireFormatException.class,
        () -> deserializer().deserialize(TOPIC, 4, 1234L, bytes));

    assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNKNOWN_MAGIC_BYTE);
    assertThat(e.partition()).isEqualTo(4);
    assertThat(e.offset()).isEqualTo(1234L);
    assertThat(e).hasMessageStartingWith("topic " + TOPIC + " partition 4 offset 1234:");
  }

  @Test
  void truncatedBodyWithCoordinates() {
    byte[] valid = validBytes();

    assertThatThrownBy(() -> deserializer().deserialize(TOPIC, 0, 7L, Arrays.copyOf(valid, valid.length - 1)))
        .isInstanceOfSatisfying(WireFormatException.class, e -> {
          assertThat(e.kind()).isEqualTo(WireFormatException.Kind.TRUNCATED);
          assertThat(e.topic()).isEqualTo(TOPIC);
          assertThat(e.partition()).isZero();
          assertThat(e.offset()).isEqualTo(7L);
        });
  }

  private SpecificAvroSerializer<Transaction> serializer() {
    return new SpecificAvroSerializer<>(registry, false, true);
  }

  private SpecificAvroDeserializer<Transaction> deserializer() {
    return new SpecificAvroDeserializer<>(registry, Transaction.class);
  }

  private byte[] validBytes() {
    return serializer().serialize(TOPIC, TestRecords.transaction("tx-1"));
  }

  /** Decodes {@code bytes} expecting a typed failure; any other exception (an NPE, say) fails the test. */
  private WireFormatException decodeFailure(byte[] bytes) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> deserializer().deserialize(TOPIC, bytes));
    assertThat(thrown).as("decoding %d bytes", bytes.length).isInstanceOf(WireFormatException.class);
    return (WireFormatException) thrown;
  }
}
