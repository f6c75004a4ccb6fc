package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail closed on the real broker and registry: a card's status change written with a schema id the registry does not
 * know cannot be read, so the card's next payment is blocked with STATUS_UNREADABLE and response code 96 (system
 * malfunction, retryable), never allowed; another card's payment is decided as usual.
 */
class StatusUnreadableIT {
  @TempDir Path dir;
  private RunningApp running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void aStatusThatCannotBeReadBlocksWithResponseCode96() throws Exception {
    running = new RunningApp(dir);
    String statusTopic = running.topics.entityStatus().name();
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    EntityStatus lost = EntityStatus.newBuilder().setEntityType(EntityType.CARD).setEntityId("tok_su_lost")
        .setStatus(Status.LOST).setReason("it").setEffectiveTime(now.minus(Duration.ofMinutes(1))).setSource("it")
        .build();
    byte[] wire = running.topics.entityStatus().valueSerde().serializer().serialize(statusTopic, lost);
    byte[] unknownId = ByteBuffer.allocate(wire.length).put((byte) 0).putInt(987_654).put(wire, 5, wire.length - 5)
        .array();
    String input = running.topics.transactions().name();
    var values = running.topics.transactions().valueSerde().serializer();
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      producer.send(new ProducerRecord<>(statusTopic, null, lost.getEffectiveTime().toEpochMilli(),
          "CARD:tok_su_lost".getBytes(StandardCharsets.UTF_8), unknownId)).get();
      running.awaitAppliedToEnd(statusTopic);
      for (String card : List.of("tok_su_lost", "tok_su_other")) {
        Transaction tx = transaction(card, now);
        producer.send(new ProducerRecord<>(input, null, now.toEpochMilli(), card.getBytes(StandardCharsets.UTF_8),
            values.serialize(input, tx)));
      }
    }
    String decisions = running.topics.decisions().name();
    Map<String, Decision> byCard = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      List<ConsumerRecord<byte[], byte[]>> records = new CommittedRecords(reader, List.of(decisions))
          .until(r -> CommittedRecords.count(r, decisions) >= 2, Duration.ofSeconds(60));
      var decode = running.topics.decisions().valueSerde().deserializer();
      records.forEach(r -> {
        Decision d = decode.deserialize(decisions, r.value());
        byCard.put(d.getCardToken(), d);
      });
    }
    Decision blocked = byCard.get("tok_su_lost");
    assertThat(blocked.getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(blocked.getReasons()).contains(ReasonCode.STATUS_UNREADABLE);
    assertThat(blocked.getResponseCode()).isEqualTo("96");
    assertThat(blocked.getRetryable()).isTrue();
    assertThat(byCard.get("tok_su_other").getReasons()).doesNotContain(ReasonCode.STATUS_UNREADABLE);
    assertThat(running.app.meterRegistry().counter("riskgate.decision.reasons", "outcome", "BLOCK", "reason",
        "STATUS_UNREADABLE").count()).as("counted").isEqualTo(1.0);
  }

  private static Transaction transaction(String card, Instant at) {
    return Transaction.newBuilder().setTransactionId("tx_" + card).setCardToken(card).setAccountId("acc_" + card)
        .setMerchantId("mer_su").setTerminalId("trm_su").setMcc("5411").setAmountMinor(2_000).setCurrency("EUR")
        .setEntryMode(EntryMode.CHIP).setEventTime(at).setCountry("FR").setLatitude(48.86).setLongitude(2.35)
        .setAcquirerId("acq_su").build();
  }
}
