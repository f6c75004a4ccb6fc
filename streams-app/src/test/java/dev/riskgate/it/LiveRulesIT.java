package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.rulesets.RulesetPublisher;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Transaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ruleset published to risk-rules decides the transactions after the app reports it applied, no restart. */
class LiveRulesIT {
  static final String STRICT = """
      version: it-strict-1
      thresholds: {review: 40, block: 80}
      rules:
        - {id: over-ten, description: every amount above 10, feature: tx.amount, operator: '>', threshold: 10,
           action: BLOCK, reason: RULE, responseCode: '05', mode: ENFORCE}
      """;

  @TempDir Path stateDir;
  private RunningApp running;

  @BeforeEach
  void start() {
    running = new RunningApp(stateDir);
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void publishedRulesetDecidesTransactionsOnceApplied() throws Exception {
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(11, 50, 20, 0, 0, "live"));
    List<String> cards = generator.cardTokens();
    Map<String, Decision> decisions = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = running.producer();
        KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      String decisionsTopic = running.topics.decisions().name();
      List<TopicPartition> partitions = new ArrayList<>();
      reader.partitionsFor(decisionsTopic).forEach(p -> partitions.add(new TopicPartition(decisionsTopic,
          p.partition())));
      reader.assign(partitions);
      reader.seekToBeginning(partitions);

      Transaction before = generator.transactionFor(cards.get(0), System.currentTimeMillis());
      before.setAmountMinor(5_000);
      before.setCurrency("EUR"); // 50.00 whatever the card's home: over ten, and ordinary
      send(producer, before);
      Decision first = awaitDecision(reader, decisions, before.getTransactionId());
      assertThat(first.getRulesetVersion()).isEqualTo(Rulesets.defaultRuleset().version());
      assertThat(first.getOutcome()).isEqualTo(Outcome.ALLOW);

      new RulesetPublisher(running.clientProperties(), running.topics).publish(STRICT, "it");
      running.awaitAppliedToEnd(running.topics.riskRules().name());

      Transaction after = generator.transactionFor(cards.get(1), System.currentTimeMillis());
      after.setAmountMinor(5_000);
      after.setCurrency("EUR");
      send(producer, after);
      Decision second = awaitDecision(reader, decisions, after.getTransactionId());
      assertThat(second.getRulesetVersion()).isEqualTo("it-strict-1");
      assertThat(second.getOutcome()).isEqualTo(Outcome.BLOCK);
      assertThat(second.getReasons()).containsExactly(ReasonCode.RULE);
      assertThat(second.getResponseCode()).isEqualTo("05");
      assertThat(running.app.streams().state().isRunningOrRebalancing()).isTrue();
    }
    assertThat(new RulesetPublisher(running.clientProperties(), running.topics).active().getVersion())
        .isEqualTo("it-strict-1");
  }

  private void send(KafkaProducer<byte[], byte[]> producer, Transaction tx) throws Exception {
    String topic = running.topics.transactions().name();
    producer.send(new ProducerRecord<>(topic, null, tx.getEventTime().toEpochMilli(),
        tx.getCardToken().getBytes(StandardCharsets.UTF_8),
        running.topics.transactions().valueSerde().serializer().serialize(topic, tx))).get();
  }

  private Decision awaitDecision(KafkaConsumer<byte[], byte[]> reader, Map<String, Decision> seen, String id) {
    String topic = running.topics.decisions().name();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      reader.poll(Duration.ofMillis(100)).forEach(r -> {
        Decision d = running.topics.decisions().valueSerde().deserializer().deserialize(topic, r.value());
        seen.put(d.getTransactionId(), d);
      });
      return seen.containsKey(id);
    });
    return seen.get(id);
  }
}
