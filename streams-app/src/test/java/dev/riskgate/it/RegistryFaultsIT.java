package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.testing.LocalStack;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import dev.riskgate.serde.WireFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry misbehaving never turns a valid transaction into a dead letter. The app reaches the real registry
 * through a proxy that fails the look-ups of new schema ids, each code in turn: 401, 403, 429, 500, 503 (three times
 * each: backed off and retried within the call), a request held past the client's timeout, and 503 for longer than a
 * call retries (processing pauses until the registry answers, and the record is read again). Every transaction is decided once; only a
 * schema id the registry does not know (404) becomes a dead letter, UNKNOWN_SCHEMA_ID.
 */
class RegistryFaultsIT {
  @TempDir Path dir;
  private RegistryFaultProxy proxy;
  private RunningApp running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void registryFailuresAreRetriedAndNoValidTransactionIsDeadLettered() throws Exception {
    String registryUrl = startBehindProxy("faults");
    String input = running.topics.transactions().name();
    var values = running.topics.transactions().valueSerde().serializer();

    // each fault on a schema id of its own: a compatible version of Transaction with one more optional field
    Map<String, int[]> faults = new LinkedHashMap<>(); // name -> {status, times}
    faults.put("401", new int[] {401, 3});
    faults.put("403", new int[] {403, 3});
    faults.put("429", new int[] {429, 3});
    faults.put("500", new int[] {500, 3});
    faults.put("503", new int[] {503, 3});
    faults.put("timeout", new int[] {RegistryFaultProxy.TIMEOUT, 1});
    faults.put("503-outage", new int[] {503, 7});
    Map<String, Integer> ids = new LinkedHashMap<>();
    try (SchemaRegistryClient direct = SchemaRegistryClients.create(registryUrl)) {
      int k = 0;
      for (String fault : faults.keySet()) {
        ids.put(fault, direct.register(WireFormat.subject(input, false), variant(k++)));
      }
    }
    ids.forEach((fault, id) -> proxy.fail(id, faults.get(fault)[0], faults.get(fault)[1]));
    int unknownId = ids.values().stream().mapToInt(Integer::intValue).max().orElseThrow() + 10_000;

    List<String> expected = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      Transaction first = transaction("tx_rf_first");
      send(producer, input, first, values.serialize(input, first));
      expected.add(first.getTransactionId());
      for (Map.Entry<String, Integer> fault : ids.entrySet()) {
        Transaction tx = transaction("tx_rf_" + fault.getKey());
        send(producer, input, tx, withSchemaId(values.serialize(input, tx), fault.getValue()));
        expected.add(tx.getTransactionId());
      }
      Transaction unknown = transaction("tx_rf_unknown");
      send(producer, input, unknown, withSchemaId(values.serialize(input, unknown), unknownId));
    }

    String decisions = running.topics.decisions().name();
    String deadLetters = running.topics.deadLetters().name();
    try (KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      CommittedRecords committed = new CommittedRecords(reader, List.of(decisions, deadLetters));
      List<ConsumerRecord<byte[], byte[]>> records = committed.until(r -> CommittedRecords.count(r, decisions)
          >= expected.size() && CommittedRecords.count(r, deadLetters) >= 1, Duration.ofSeconds(120));
      records.addAll(committed.more());
      var decoded = running.topics.decisions().valueSerde().deserializer();
      assertThat(records.stream().filter(r -> r.topic().equals(decisions))
          .map(r -> decoded.deserialize(decisions, r.value()).getTransactionId()))
          .as("every valid transaction decided once").containsExactlyInAnyOrderElementsOf(expected);
      var letters = running.topics.deadLetters().valueSerde().deserializer();
      assertThat(records.stream().filter(r -> r.topic().equals(deadLetters))
          .map(r -> letters.deserialize(deadLetters, r.value())).map(DeadLetter::getErrorKind))
          .as("only the id the registry does not know").containsExactly(ErrorKind.UNKNOWN_SCHEMA_ID);
    }
    // the outage outlasts a call's five attempts: the instance pauses, and the probe that resumes it may already
    // learn the schema (it is the subject's latest), so the faults left over need not be met
    ids.forEach((fault, id) -> assertThat(proxy.injected(id)).as("faults the app met on %s", fault)
        .isBetween(Math.min(5, faults.get(fault)[1]), faults.get(fault)[1]));
  }

  /**
   * A registry that refuses riskgate's credentials everywhere, or answers nothing but 503 past the client's retries,
   * pauses processing and makes the instance unready (no thread replaced in a loop, no record touched); once it
   * answers again, processing resumes where it stopped.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "HTTP {0}")
  @org.junit.jupiter.params.provider.CsvSource({"401, refuses riskgate's credentials", "503, does not answer"})
  void aRegistryRefusingOrDownPausesTheInstanceUntilItAnswersAgain(int status, String reason) throws Exception {
    String registryUrl = startBehindProxy("down" + status);
    String input = running.topics.transactions().name();
    var values = running.topics.transactions().valueSerde().serializer();
    int id;
    try (SchemaRegistryClient direct = SchemaRegistryClients.create(registryUrl)) {
      id = direct.register(WireFormat.subject(input, false), variant(99));
    }
    Transaction tx = transaction("tx_rf_denied");
    byte[] value = withSchemaId(values.serialize(input, tx), id); // riskgate's own id is cached from here on
    proxy.refuseAll(status);
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      send(producer, input, tx, value);
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      JsonNode ready = running.getJson("/health/ready");
      return "DOWN".equals(ready.path("status").asText())
          && ready.path("problems").toString().contains(reason);
    });
    proxy.refuseAll(0);
    String decisions = running.topics.decisions().name();
    String deadLetters = running.topics.deadLetters().name();
    try (KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      CommittedRecords committed = new CommittedRecords(reader, List.of(decisions, deadLetters));
      committed.until(r -> CommittedRecords.count(r, decisions) >= 1, Duration.ofSeconds(60));
      List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(committed.more());
      assertThat(all).as("nothing more: one decision, no dead letter").isEmpty();
    }
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> "UP".equals(running.getJson("/health/ready").path("status").asText()));
  }

  /** An instance that reaches the real registry through a fault proxy; returns the real registry's URL. */
  private String startBehindProxy(String instance) throws java.io.IOException {
    String registryUrl = LocalStack.shared().registryUrl();
    proxy = new RegistryFaultProxy(registryUrl);
    running = new RunningApp(dir, UUID.randomUUID().toString().substring(0, 8), instance, 0, 1,
        Map.of("schema.registry.url", proxy.url(registryUrl)));
    return registryUrl;
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, Transaction tx, byte[] value) {
    producer.send(new ProducerRecord<>(topic, null, tx.getEventTime().toEpochMilli(),
        tx.getCardToken().getBytes(StandardCharsets.UTF_8), value));
  }

  /** Transaction with one more optional field at the end, null by default: the same bytes plus a null's branch. */
  private static Schema variant(int k) {
    Schema base = Transaction.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : base.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(new Schema.Field("faultProbe" + k, Schema.createUnion(Schema.create(Schema.Type.NULL),
        Schema.create(Schema.Type.STRING)), "a field of this test", Schema.Field.NULL_DEFAULT_VALUE));
    return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
  }

  /** The wire bytes re-labelled with {@code schemaId}, with the extra field's null appended (union branch 0). */
  private static byte[] withSchemaId(byte[] wire, int schemaId) {
    return ByteBuffer.allocate(wire.length + 1).put((byte) 0).putInt(schemaId).put(wire, 5, wire.length - 5)
        .put((byte) 0).array();
  }

  private static Transaction transaction(String id) {
    return Transaction.newBuilder().setTransactionId(id).setCardToken("tok_" + id).setAccountId("acc_" + id)
        .setMerchantId("mer_rf").setTerminalId("trm_rf").setMcc("5411").setAmountMinor(1_250).setCurrency("EUR")
        .setEntryMode(EntryMode.CHIP).setEventTime(Instant.ofEpochMilli(Instant.now().toEpochMilli()))
        .setCountry("FR").setLatitude(48.86).setLongitude(2.35).setAcquirerId("acq_rf").build();
  }
}
