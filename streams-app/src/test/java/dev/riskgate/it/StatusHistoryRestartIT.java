package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An entity's status history survives a restart: after it, a transaction made while an account was frozen is still
 * blocked though the account was freed since, and one made after is allowed. The history is rebuilt from
 * entity-status, which riskgate creates to keep every version as long as transactions that old are accepted.
 */
class StatusHistoryRestartIT {
  @TempDir Path stateDir;
  private RunningApp running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void aTransactionGetsTheStatusInForceAtItsEventTimeAfterARestart() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    running = new RunningApp(stateDir, run, "restart-a", 0, 3, RunningApp.SHORT_SESSION);
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(31, 20, 10, 0, 0, "hist"));
    String card = generator.cardTokens().get(0);
    String account = generator.accountOf(card);
    long now = System.currentTimeMillis();
    long frozen = now - Duration.ofHours(3).toMillis();
    long freed = now - Duration.ofHours(1).toMillis();
    String topic = running.topics.entityStatus().name();
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      sendStatus(producer, account, Status.FROZEN, frozen);
      sendStatus(producer, account, Status.ACTIVE, freed);
    }
    running.awaitAppliedToEnd(topic);
    running.close();

    running = new RunningApp(stateDir, run, "restart-a", 0, 3, RunningApp.SHORT_SESSION);
    Transaction whileFrozen = generator.transactionFor(card, now - Duration.ofHours(2).toMillis());
    Transaction afterwards = generator.transactionFor(card, now - Duration.ofMinutes(30).toMillis());
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      for (Transaction tx : List.of(whileFrozen, afterwards)) {
        String txTopic = running.topics.transactions().name();
        producer.send(new ProducerRecord<>(txTopic, null, tx.getEventTime().toEpochMilli(),
            tx.getCardToken().getBytes(StandardCharsets.UTF_8),
            running.topics.transactions().valueSerde().serializer().serialize(txTopic, tx))).get();
      }
    }
    Map<String, Decision> decisions = awaitDecisions(2);
    assertThat(decisions.get(whileFrozen.getTransactionId()).getOutcome()).isEqualTo(Outcome.BLOCK);
    assertThat(decisions.get(whileFrozen.getTransactionId()).getReasons()).contains(ReasonCode.ACCOUNT_FROZEN);
    assertThat(decisions.get(afterwards.getTransactionId()).getReasons()).doesNotContain(ReasonCode.ACCOUNT_FROZEN);

    try (Admin admin = Admin.create(running.clientProperties())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(Long.parseLong(config.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG).value()))
          .isEqualTo(running.config.maxEventAge().toMillis());
    }
  }

  private void sendStatus(KafkaProducer<byte[], byte[]> producer, String account, Status status, long effective)
      throws Exception {
    String topic = running.topics.entityStatus().name();
    EntityStatus change = EntityStatus.newBuilder().setEntityType(EntityType.ACCOUNT).setEntityId(account)
        .setStatus(status).setReason("it").setEffectiveTime(Instant.ofEpochMilli(effective)).setSource("it").build();
    producer.send(new ProducerRecord<>(topic, null, effective, ("ACCOUNT:" + account).getBytes(StandardCharsets.UTF_8),
        running.topics.entityStatus().valueSerde().serializer().serialize(topic, change))).get();
  }

  private Map<String, Decision> awaitDecisions(int count) {
    String topic = running.topics.decisions().name();
    Map<String, Decision> seen = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        reader.poll(Duration.ofMillis(100)).forEach(r -> {
          Decision d = running.topics.decisions().valueSerde().deserializer().deserialize(topic, r.value());
          seen.put(d.getTransactionId(), d);
        });
        return seen.size() >= count;
      });
    }
    return seen;
  }
}
