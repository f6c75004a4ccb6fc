package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the dead-letter topic cannot take a dead letter, nothing is skipped: the instance turns unready and says why
 * on /health/ready, the record is read again until the dead letter goes through, and the transactions after it are
 * decided then, in order.
 */
class DeadLetterTopicUnwritableIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path dir;
  private RunningApp running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void aDeadLetterThatCannotBeWrittenMakesTheInstanceUnreadyAndIsWrittenOnceItCan() throws Exception {
    running = new RunningApp(dir, java.util.UUID.randomUUID().toString().substring(0, 8), "dlq", 0, 1,
        RunningApp.SHORT_SESSION);
    String deadLetters = running.topics.deadLetters().name();
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, deadLetters);
    try (Admin admin = Admin.create(running.clientProperties())) {
      admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
          new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "64"), AlterConfigOp.OpType.SET)))).all().get();
    }
    String input = running.topics.transactions().name();
    var after = dev.riskgate.schema.Transaction.newBuilder().setTransactionId("tx_after_poison")
        .setCardToken("tok_dlq_after").setAccountId("acc_dlq").setMerchantId("mer_dlq").setTerminalId("trm_dlq")
        .setMcc("5411").setAmountMinor(990).setCurrency("EUR").setEntryMode(dev.riskgate.schema.EntryMode.CHIP)
        .setEventTime(Instant.ofEpochMilli(System.currentTimeMillis())).setCountry("FR").setLatitude(48.86)
        .setLongitude(2.35).setAcquirerId("acq_dlq").build();
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      producer.send(new ProducerRecord<>(input, "tok_dlq_poison".getBytes(StandardCharsets.UTF_8),
          "not a transaction, and a dead letter larger than 64 bytes".getBytes(StandardCharsets.UTF_8)));
      producer.send(new ProducerRecord<>(input, "tok_dlq_after".getBytes(StandardCharsets.UTF_8),
          running.topics.transactions().valueSerde().serializer().serialize(input, after)));
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      HttpResponse<String> ready = ready();
      return ready.statusCode() == 503 && ready.body().contains("dead letters cannot be written to " + deadLetters);
    });

    try (Admin admin = Admin.create(running.clientProperties())) {
      admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
          new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""), AlterConfigOp.OpType.DELETE)))).all().get();
    }
    String decisions = running.topics.decisions().name();
    try (KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      CommittedRecords committed = new CommittedRecords(reader, List.of(decisions, deadLetters));
      committed.until(r -> CommittedRecords.count(r, deadLetters) >= 1 && CommittedRecords.count(r, decisions) >= 1,
          Duration.ofSeconds(90));
      List<?> extra = committed.more();
      assertThat(extra).as("one dead letter and one decision, nothing twice").isEmpty();
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> ready().statusCode() == 200);
  }

  private HttpResponse<String> ready() throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.app.httpPort()
        + "/health/ready")).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
