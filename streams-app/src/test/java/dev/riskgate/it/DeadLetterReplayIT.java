package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.replay.DeadLetterReplay;
import dev.riskgate.replay.ReplayProgress;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import dev.riskgate.topics.GrouplessConsumer;
import dev.riskgate.validation.BadInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters go back once their cause has passed: a transaction refused as too old by an instance configured with a
 * one-day event age is re-sent, byte for byte with its timestamp, after the setting is corrected, and decided; a
 * letter whose card number was masked is never re-sent; the kind filter and the dry run send nothing else.
 */
class DeadLetterReplayIT {
  @TempDir Path dir;
  private RunningApp running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void aDeadLetterWhoseCauseHasPassedIsReSentAndDecidedAndAMaskedOneNever() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    running = app(run, "P1D", "first");
    String input = running.topics.transactions().name();
    var values = running.topics.transactions().valueSerde().serializer();
    Instant now = Instant.now();
    Transaction fresh = transaction("tx_fresh", "tok_dlq1", "mer_dlq", now);
    Transaction old = transaction("tx_old", "tok_dlq2", "mer_dlq", now.minus(Duration.ofDays(3)));
    Transaction pan = transaction("tx_pan", "tok_dlq3", "mer_" + BadInputs.pan(new java.util.Random(3), 16), now);
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      for (Transaction tx : List.of(fresh, old, pan)) {
        producer.send(new ProducerRecord<>(input, null, tx.getEventTime().toEpochMilli(),
            tx.getCardToken().getBytes(StandardCharsets.UTF_8), values.serialize(input, tx)));
      }
      producer.send(new ProducerRecord<>(input, null, now.toEpochMilli(), "tok_dlq4".getBytes(StandardCharsets.UTF_8),
          "not avro".getBytes(StandardCharsets.UTF_8)));
    }
    String decisions = running.topics.decisions().name();
    String deadLetters = running.topics.deadLetters().name();
    try (KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      new CommittedRecords(reader, List.of(decisions, deadLetters)).until(r -> CommittedRecords.count(r, decisions) >= 1
          && CommittedRecords.count(r, deadLetters) >= 3, Duration.ofSeconds(60));
    }
    running.close();
    running = app(run, "P400D", "second"); // the setting corrected
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) { // another producer's record on the topic
      producer.send(new ProducerRecord<>(deadLetters, "stray".getBytes(StandardCharsets.UTF_8))).get();
      producer.send(new ProducerRecord<>(deadLetters, "stray".getBytes(StandardCharsets.UTF_8), null)).get();
    }

    DeadLetterReplay.Summary dryRun = replay(Set.of(), false);
    assertThat(dryRun.read()).isEqualTo(5);
    assertThat(dryRun.unreadable()).as("the stray records, counted and left alone").isEqualTo(2);
    assertThat(dryRun.resent()).containsOnly(Map.entry(ErrorKind.INVALID_EVENT_TIME, 1L),
        Map.entry(ErrorKind.UNKNOWN_MAGIC_BYTE, 1L));
    assertThat(dryRun.masked()).as("the card number's letter").isEqualTo(1);

    DeadLetterReplay.Summary sent = replay(Set.of(ErrorKind.INVALID_EVENT_TIME), true);
    assertThat(sent.resent()).containsOnly(Map.entry(ErrorKind.INVALID_EVENT_TIME, 1L));
    assertThat(sent.filteredOut()).isEqualTo(2);
    assertThat(sent.unreadable()).isEqualTo(2);

    try (KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      List<ConsumerRecord<byte[], byte[]>> records = new CommittedRecords(reader, List.of(decisions, deadLetters,
          input)).until(r -> CommittedRecords.count(r, decisions) >= 2, Duration.ofSeconds(60));
      var decoded = running.topics.decisions().valueSerde().deserializer();
      assertThat(records.stream().filter(r -> r.topic().equals(decisions))
          .map(r -> decoded.deserialize(decisions, r.value())).map(Decision::getTransactionId))
          .containsExactlyInAnyOrder("tx_fresh", "tx_old");
      assertThat(CommittedRecords.count(records, deadLetters)).as("nothing refused again").isEqualTo(5);
      assertThat(records.stream().filter(r -> r.topic().equals(input))).as("four sent, one re-sent").hasSize(5);
      assertThat(records.stream().filter(r -> r.topic().equals(input) && r.timestamp() == old.getEventTime()
          .toEpochMilli()).map(ConsumerRecord::value)).as("the original and its copy, byte for byte").hasSize(2)
          .allSatisfy(v -> assertThat(v).isEqualTo(values.serialize(input, old)));
    }
  }

  private RunningApp app(String run, String maxEventAge, String instance) {
    Map<String, String> settings = new HashMap<>(RunningApp.SHORT_SESSION);
    settings.put("validation.max.event.age", maxEventAge);
    return new RunningApp(dir.resolve(instance), run, instance, 0, 1, settings);
  }

  private DeadLetterReplay.Summary replay(Set<ErrorKind> kinds, boolean send) {
    try (KafkaConsumer<byte[], byte[]> consumer = GrouplessConsumer.create(running.config, "dlq-it");
        KafkaProducer<byte[], byte[]> producer = send ? running.producer() : null) {
      return new DeadLetterReplay(running.topics, consumer, producer)
          .run(new DeadLetterReplay.Filter(kinds, null, null), new ReplayProgress(System.err,
              ReplayProgress.Style.NONE));
    }
  }

  private static Transaction transaction(String id, String card, String merchant, Instant at) {
    return Transaction.newBuilder().setTransactionId(id).setCardToken(card).setAccountId("acc_" + card)
        .setMerchantId(merchant).setTerminalId("trm_dlq").setMcc("5411").setAmountMinor(1_250).setCurrency("EUR")
        .setEntryMode(EntryMode.CHIP).setEventTime(Instant.ofEpochMilli(at.toEpochMilli())).setCountry("FR")
        .setLatitude(48.86).setLongitude(2.35).setAcquirerId("acq_dlq").build();
  }
}
