package dev.riskgate.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.registry.RegistryClientConfig;
import dev.riskgate.registry.RestSchemaRegistryClient;
import dev.riskgate.schema.Transaction;
import dev.riskgate.testing.LocalStack;
import dev.riskgate.testing.TestRecords;
import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our Confluent wire format against an independent implementation: Apicurio's own Kafka serde, talking to the same
 * real Apicurio Registry through its native v3 API while our client uses the Confluent API (/apis/ccompat/v7).
 */
class ApicurioWireCompatibilityIT {
  private final String topic = "wire-" + UUID.randomUUID();
  private final Transaction record = TestRecords.transaction("tx-wire-1");

  private RestSchemaRegistryClient registry;
  private int schemaId;
  private AvroKafkaSerializer<Transaction> theirSerializer;
  private AvroKafkaDeserializer<Transaction> theirDeserializer;

  @BeforeEach
  void setUp() {
    // Apicurio's deserializer loads our generated classes through Avro too: trust them whichever side runs first
    GeneratedClassTrust.install();
    LocalStack stack = LocalStack.shared();
    registry = new RestSchemaRegistryClient(RegistryClientConfig.defaults(stack.registryUrl()));
    // The same content under a second subject first: it shares the contentId but gets its own globalId, so the two
    // ids of our subject's version cannot coincide and a serde writing the wrong one fails the byte comparison.
    registry.register(topic + "-decoy", Transaction.getClassSchema());
    // registered through the Confluent API; both serializers then only look it up
    schemaId = registry.register(WireFormat.subject(topic, false), Transaction.getClassSchema());

    Map<String, Object> config = new HashMap<>();
    // Apicurio's serde speaks the native API, at the same server as the ccompat URL
    config.put(SerdeConfig.REGISTRY_URL, stack.registryUrl().replace("/apis/ccompat/v7", "/apis/registry/v3"));
    // use what the ccompat API registered (TopicIdStrategy: group "default", artifact "<topic>-value")
    config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, false);
    config.put(SerdeConfig.FIND_LATEST_ARTIFACT, true);
    // Confluent framing: magic byte 0 + 4-byte id in the value, no Kafka headers. These are the 3.x defaults,
    // set explicitly because they are what this test is about.
    config.put(KafkaSerdeConfig.ENABLE_HEADERS, false);
    config.put(SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class.getName());
    // Apicurio 3 has two ids per schema: globalId (per artifact version) and contentId (per distinct content).
    // Its ccompat API hands out contentId as the Confluent "schema id" (identical content gets the same id under
    // any subject, as Confluent does), so the Apicurio serde must write contentId — not globalId — to match ours.
    config.put(SerdeConfig.USE_ID, IdOption.contentId.name());
    config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);

    theirSerializer = new AvroKafkaSerializer<>();
    theirSerializer.configure(config, false);
    theirDeserializer = new AvroKafkaDeserializer<>();
    theirDeserializer.configure(config, false);
  }

  @AfterEach
  void tearDown() {
    theirSerializer.close();
    theirDeserializer.close();
  }

  @Test
  void bothSerializersWriteIdenticalBytesForTheSameSchemaId() {
    byte[] ours = ourSerializer().serialize(topic, record);
    byte[] theirs = theirSerializer.serialize(topic, record);

    assertThat(ours[0]).isEqualTo(WireFormat.MAGIC_BYTE);
    assertThat(WireFormat.readSchemaId(ours)).isEqualTo(schemaId);
    assertThat(theirs).as("Apicurio's bytes (ours: %d bytes, id %d)", ours.length, schemaId).isEqualTo(ours);
  }

  @Test
  void apicurioDecodesOurBytes() {
    byte[] ours = ourSerializer().serialize(topic, record);

    assertThat(theirDeserializer.deserialize(topic, ours)).isEqualTo(record);
  }

  @Test
  void weDecodeApicuriosBytes() {
    byte[] theirs = theirSerializer.serialize(topic, record);

    var ourDeserializer = new SpecificAvroDeserializer<>(registry, Transaction.class);
    assertThat(ourDeserializer.deserialize(topic, theirs)).isEqualTo(record);
  }

  private SpecificAvroSerializer<Transaction> ourSerializer() {
    // no auto-registration: like Apicurio's, it must resolve the id the registry already has
    return new SpecificAvroSerializer<>(registry, false, false);
  }
}
