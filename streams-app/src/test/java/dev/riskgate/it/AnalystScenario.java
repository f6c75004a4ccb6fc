package dev.riskgate.it;

import static org.awaitility.Awaitility.await;

import dev.riskgate.features.Geo;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Transactions an analyst asks about, screened by a running app: one allowed, one blocked by a frozen account, one at
 * 02:00 local time (the default ruleset's SHADOW rule night-ticket fires), one three and a half hours old, and one
 * record that does not decode (a dead letter).
 */
final class AnalystScenario {
  static final String POISON_KEY = "tok_poisonpoison01";
  final Transaction allowed;
  final Transaction blocked;
  final Transaction night;
  final Transaction old;
  final List<Transaction> all = new ArrayList<>();
  final String frozenAccount;

  AnalystScenario(RunningApp running) throws Exception {
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(5, 40, 30, 0, 0, "an"));
    List<String> cards = generator.cardTokens();
    long now = System.currentTimeMillis();
    // half past: the night transaction is a whole number of hours back, and must never share the old one's time
    old = generator.transactionFor(cards.get(3), now - Duration.ofMinutes(210).toMillis());
    old.setAmountMinor(12_34);
    allowed = generator.transactionFor(cards.get(0), now);
    allowed.setAmountMinor(47_13); // not round: no cash-out rule fires
    blocked = generator.transactionFor(cards.get(1), now);
    blocked.setAmountMinor(315_70);
    frozenAccount = blocked.getAccountId();
    Transaction nightTx = generator.transactionFor(cards.get(2), now);
    nightTx.setEventTime(Instant.ofEpochMilli(twoInTheMorning(nightTx.getCountry(), now)));
    nightTx.setAmountMinor(23_17);
    night = nightTx;
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      send(running, producer, old);
      // decided before the others are sent: a transaction hours old waits for every card task to pass its time, so
      // live ones sent right after could be decided first, and the tests read each partition in time order
      awaitScreened(running, 1, 0);
      String statusTopic = running.topics.entityStatus().name();
      EntityStatus freeze = EntityStatus.newBuilder().setEntityType(EntityType.ACCOUNT).setEntityId(frozenAccount)
          .setStatus(Status.FROZEN).setReason("court order").setEffectiveTime(Instant.ofEpochMilli(now - 60_000))
          .setSource("it").build();
      producer.send(new ProducerRecord<>(statusTopic, bytes("ACCOUNT:" + frozenAccount),
          running.topics.entityStatus().valueSerde().serializer().serialize(statusTopic, freeze))).get();
      // a status applies from its effective time to the transactions decided after it arrived
      running.awaitAppliedToEnd(statusTopic);
      send(running, producer, allowed);
      send(running, producer, blocked);
      send(running, producer, night);
      producer.send(new ProducerRecord<>(running.topics.transactions().name(), bytes(POISON_KEY),
          "not avro at all".getBytes(StandardCharsets.UTF_8))).get();
    }
    all.addAll(List.of(old, allowed, blocked, night));
    awaitScreened(running, all.size(), 1);
  }

  /** An event time within the last day at which the terminal's clock shows 02:xx. */
  private static long twoInTheMorning(String country, long now) {
    long t = now - Duration.ofHours(1).toMillis();
    while (Geo.localHour(country, t) != 2) {
      t -= Duration.ofHours(1).toMillis();
    }
    return t;
  }

  private void send(RunningApp running, KafkaProducer<byte[], byte[]> producer, Transaction tx) throws Exception {
    String topic = running.topics.transactions().name();
    producer.send(new ProducerRecord<>(topic, null, tx.getEventTime().toEpochMilli(), bytes(tx.getCardToken()),
        running.topics.transactions().valueSerde().serializer().serialize(topic, tx))).get();
  }

  /** Until the audit topic holds {@code audits} events and the dead-letter topic {@code deadLetters} records. */
  private static void awaitScreened(RunningApp running, int audits, int deadLetters) {
    String audit = running.topics.audit().name();
    String deadLetterTopic = running.topics.deadLetters().name();
    try (KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(audit, deadLetterTopic)) {
        reader.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      int[] seen = {0, 0};
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        reader.poll(Duration.ofMillis(200)).forEach(r -> seen[r.topic().equals(audit) ? 0 : 1]++);
        return seen[0] == audits && seen[1] == deadLetters;
      });
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
