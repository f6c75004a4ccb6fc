package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import dev.riskgate.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accounting invariant on a real broker and a real registry, under exactly_once_v2: 10,000 generated
 * transactions (with terminal retries), an account freeze in the middle, and poison records. Every distinct
 * transactionId gets exactly one original decision and one audit event, retries repeat it, poison lands in the
 * dead-letter topic, and transactions of the frozen account after the freeze's effective time are blocked.
 */
class ScreeningPipelineIT {
  private static final int TRANSACTIONS = 10_000;
  private static final String POISON_CARD = "tok_poisonaaaaaaaa";

  @TempDir Path stateDir;
  private RunningApp running;
  private Topics topics;
  /**
   * Event times spread the 10,000 transactions over the ten hours before the test, as a day's traffic would be:
   * produced in seconds with wall-clock times, every card would look like a velocity attack.
   */
  private long simulatedClock = System.currentTimeMillis() - Duration.ofHours(10).toMillis();
  private static final long EVENT_SPACING_MS = 3_000;

  @BeforeEach
  void startApp() {
    running = new RunningApp(stateDir);
    topics = running.topics;
  }

  @AfterEach
  void stopApp() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void everyTransactionGetsExactlyOneDecisionAndAuditEventThroughAFreezeAndPoison() throws Exception {
    try (KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      // topic.partitions for the keyed topics; one for merchant-features, which every transaction may write to
      assertThat(reader.partitionsFor(topics.transactions().name())).hasSize(3);
      assertThat(reader.partitionsFor(topics.decisions().name())).hasSize(3);
      assertThat(reader.partitionsFor(topics.merchantFeatures().name())).hasSize(1);
    }
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(7, 2_000, 200, 0, 0.02, "it" + 1));
    String frozenCard = generator.cardTokens().get(0);
    String frozenAccount = generator.accountOf(frozenCard);
    Map<String, Integer> sentPerId = new HashMap<>();
    Set<String> frozenAfter = new HashSet<>();
    List<byte[]> poison = poisonRecords();

    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      int sent = 0;
      sent += sendGenerated(producer, generator, TRANSACTIONS / 2, sentPerId);
        for (byte[] bad : poison.subList(0, 3)) {
        producer.send(new ProducerRecord<>(topics.transactions().name(), bytes(POISON_CARD), bad));
      }
      EntityStatus freeze = EntityStatus.newBuilder()
          .setEntityType(EntityType.ACCOUNT).setEntityId(frozenAccount).setStatus(Status.FROZEN)
          .setReason("court order").setEffectiveTime(Instant.ofEpochMilli(simulatedClock)).setSource("it").build();
      producer.send(new ProducerRecord<>(topics.entityStatus().name(), bytes("ACCOUNT:" + frozenAccount),
          topics.entityStatus().valueSerde().serializer().serialize(topics.entityStatus().name(), freeze))).get();
      // a status change applies from its effective time (the history's clock here) to the transactions decided
      // after the app applied it
      running.awaitAppliedToEnd(topics.entityStatus().name());
      for (int i = 0; i < 50; i++) {
        Transaction tx = generator.transactionFor(frozenCard, tick() + 300_000L * i);
        send(producer, tx);
        sentPerId.merge(tx.getTransactionId(), 1, Integer::sum);
        frozenAfter.add(tx.getTransactionId());
        sent++;
      }
      for (byte[] bad : poison.subList(3, poison.size())) {
        producer.send(new ProducerRecord<>(topics.transactions().name(), bytes(POISON_CARD), bad));
      }
      sendGenerated(producer, generator, TRANSACTIONS - sent, sentPerId);
      producer.flush();
    }
    int validRecords = sentPerId.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(sentPerId.size()).isGreaterThan(9_000);

    List<Decision> decisions = new ArrayList<>();
    List<AuditEvent> audits = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = running.committedReader()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(topics.decisions().name(), topics.audit().name(), topics.deadLetters().name())) {
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10)).until(() -> {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          String topic = record.topic();
          if (topic.equals(topics.decisions().name())) {
            decisions.add(topics.decisions().valueSerde().deserializer().deserialize(topic, record.value()));
          } else if (topic.equals(topics.audit().name())) {
            audits.add(topics.audit().valueSerde().deserializer().deserialize(topic, record.value()));
          } else {
            deadLetters.add(topics.deadLetters().valueSerde().deserializer().deserialize(topic, record.value()));
          }
        }
        return decisions.size() >= validRecords && audits.size() >= validRecords
            && deadLetters.size() >= poison.size();
      });
      // anything beyond the expected counts would be a duplicate: read to the end of what is committed by now
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      List<String> extra = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> extra.add(r.topic() + "@" + r.offset()));
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
      });
      assertThat(extra).as("records beyond one answer per record").isEmpty();
    }

    // records in = decisions + dead letters; audit events = decisions
    assertThat(decisions).hasSize(validRecords);
    assertThat(audits).hasSize(validRecords);
    assertThat(deadLetters).hasSize(poison.size());

    Map<String, List<Decision>> byId = decisions.stream().collect(Collectors.groupingBy(Decision::getTransactionId));
    assertThat(byId.keySet()).isEqualTo(sentPerId.keySet());
    byId.forEach((id, list) -> {
      assertThat(list).as("decisions of " + id).hasSize(sentPerId.get(id));
      assertThat(list.stream().filter(d -> !d.getRetry())).as("original decisions of " + id).hasSize(1);
      Decision original = list.stream().filter(d -> !d.getRetry()).findFirst().orElseThrow();
      list.stream().filter(Decision::getRetry).forEach(retry -> {
        assertThat(retry.getOutcome()).isEqualTo(original.getOutcome());
        assertThat(retry.getResponseCode()).isEqualTo(original.getResponseCode());
        assertThat(retry.getReasons()).isEqualTo(original.getReasons());
      });
    });
    long retriesSent = sentPerId.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
    assertThat(retriesSent).isPositive();
    assertThat(decisions.stream().filter(Decision::getRetry).count()).isEqualTo(retriesSent);
    assertThat(audits.stream().map(AuditEvent::getDecision).collect(Collectors.toSet()))
        .isEqualTo(new HashSet<>(decisions));

    assertThat(frozenAfter).hasSize(50);
    frozenAfter.forEach(id -> {
      Decision d = byId.get(id).get(0);
      assertThat(d.getOutcome()).as(id).isEqualTo(Outcome.BLOCK);
      assertThat(d.getResponseCode()).isEqualTo("57");
      assertThat(d.getReasons()).contains(ReasonCode.ACCOUNT_FROZEN);
    });
    // ordinary generated traffic: the default ruleset lets nearly all of it through
    assertThat(decisions.stream().filter(d -> d.getOutcome() == Outcome.ALLOW)).hasSizeGreaterThan(9_800);

    assertThat(deadLetters).extracting(DeadLetter::getErrorKind).containsExactlyInAnyOrder(
        ErrorKind.UNKNOWN_MAGIC_BYTE, ErrorKind.UNKNOWN_SCHEMA_ID, ErrorKind.TRUNCATED,
        ErrorKind.UNKNOWN_MAGIC_BYTE, ErrorKind.INVALID_AMOUNT);
    Set<String> poisonValues = poison.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1))
        .collect(Collectors.toSet());
    assertThat(deadLetters).allSatisfy(letter -> {
      assertThat(poisonValues).contains(StandardCharsets.ISO_8859_1.decode(letter.getValue().duplicate()).toString());
      assertThat(letter.getErrorMessage()).isNotBlank();
    });
    Map<Outcome, Long> outcomes = decisions.stream()
        .collect(Collectors.groupingBy(Decision::getOutcome, Collectors.counting()));
    Map<ReasonCode, Long> reasons = decisions.stream().flatMap(d -> d.getReasons().stream())
        .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
    System.out.printf("outcomes: %s, reasons: %s%n", outcomes, reasons);
    System.out.printf("end-to-end: %d records in, %d distinct transactions, %d retries, %d decisions, %d audit events,"
        + " %d dead letters%n", validRecords + poison.size(), sentPerId.size(), retriesSent, decisions.size(),
        audits.size(), deadLetters.size());
  }

  private int sendGenerated(KafkaProducer<byte[], byte[]> producer, TrafficGenerator generator, int count,
      Map<String, Integer> sentPerId) {
    int sent = 0;
    while (sent < count) {
      if (generator.next(tick()) instanceof TrafficGenerator.TransactionEvent event) {
        send(producer, event.transaction());
        sentPerId.merge(event.transaction().getTransactionId(), 1, Integer::sum);
        sent++;
      }
    }
    return sent;
  }

  private long tick() {
    simulatedClock += EVENT_SPACING_MS;
    return simulatedClock;
  }

  private void send(KafkaProducer<byte[], byte[]> producer, Transaction tx) {
    String topic = topics.transactions().name();
    producer.send(new ProducerRecord<>(topic, null, tx.getEventTime().toEpochMilli(), bytes(tx.getCardToken()),
        topics.transactions().valueSerde().serializer().serialize(topic, tx)));
  }

  private List<byte[]> poisonRecords() {
    Transaction negative = new TrafficGenerator(new TrafficGenerator.Settings(1, 10, 10, 0, 0, "bad"))
        .next(System.currentTimeMillis()) instanceof TrafficGenerator.TransactionEvent e ? e.transaction() : null;
    negative.setAmountMinor(-100);
    negative.setCardToken(POISON_CARD);
    byte[] valid = topics.transactions().valueSerde().serializer().serialize(topics.transactions().name(), negative);
    return List.of(
        "not avro at all".getBytes(StandardCharsets.UTF_8),
        new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3},
        new byte[] {0, 0, 1},
        new byte[] {1, 0, 0, 0, 1, 2},
        valid);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
