package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.history.HistoryFields;
import dev.riskgate.history.HistoryFormat;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.replay.Pace;
import dev.riskgate.history.RejectFile;
import dev.riskgate.replay.Replay;
import dev.riskgate.replay.ReplayProgress;
import dev.riskgate.runtime.TopicProvisioner;
import dev.riskgate.schema.Transaction;
import dev.riskgate.testing.LocalStack;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.TransactionValidator;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay onto the real broker and registry: keys, record timestamps, per-card order, and pacing. */
class ReplayIT {
  private static final int CARDS = 50_000;
  private static final long STEP_MS = 50;
  /** History of yesterday and the day before: old event times, as in any replay. */
  private static final long BASE = Instant.now().minus(Duration.ofDays(2)).toEpochMilli();

  @TempDir Path dir;
  private RiskgateConfig config;
  private SchemaRegistryClient registry;
  private Topics topics;

  @BeforeEach
  void topics() throws Exception {
    LocalStack stack = LocalStack.shared();
    config = ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", stack.bootstrapServers(),
        "schema.registry.url", stack.registryUrl(), "topic.prefix", "replay-" + UUID.randomUUID() + ".",
        "topic.partitions", "3"));
    registry = SchemaRegistryClients.create(config.schemaRegistryUrl());
    topics = new Topics(config.topicPrefix(), registry);
    try (Admin admin = Admin.create(config.clientProperties())) {
      TopicProvisioner.ensure(admin, topics, config);
    }
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void millionRowsArriveKeyedByCardAtTheirEventTimesInEachCardsOrder() throws Exception {
    int rows = 1_000_000;
    Path file = writeHistory(rows, STEP_MS);

    Replay.Summary summary = replay(file, Pace.MAX);
    assertThat(summary.transactions()).isEqualTo(rows);
    assertThat(summary.rejectedTotal()).isZero();

    BitSet seen = new BitSet(rows);
    int[] lastOfCard = new int[CARDS];
    java.util.Arrays.fill(lastOfCard, -1);
    long[] outOfOrder = new long[3]; // wrong key, wrong timestamp, card order broken
    var values = topics.transactions().valueSerde().deserializer();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = consumer.partitionsFor(topics.transactions().name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Transaction tx = values.deserialize(r.topic(), r.value());
          int row = Integer.parseInt(tx.getTransactionId().substring(3));
          int card = row % CARDS;
          seen.set(row);
          outOfOrder[0] += new String(r.key(), StandardCharsets.UTF_8).equals(tx.getCardToken())
              && tx.getCardToken().equals(cardToken(card)) ? 0 : 1;
          outOfOrder[1] += r.timestamp() == BASE + row * STEP_MS ? 0 : 1;
          outOfOrder[2] += row > lastOfCard[card] ? 0 : 1;
          lastOfCard[card] = row;
        }
        return seen.cardinality() == rows;
      });
    }
    assertThat(outOfOrder).containsExactly(0, 0, 0);
  }

  @Test
  void fixedRateIsKeptWithinFivePercent() throws Exception {
    int rows = 3_000;
    double asked = 1_500;
    Replay.Summary summary = replay(writeHistory(rows, STEP_MS), Pace.rate(asked));
    assertThat(summary.sendRate()).isCloseTo(asked, within(asked * 0.05));
  }

  @Test
  void speedFactorKeepsTheOriginalGapsShortened() throws Exception {
    int rows = 400;
    long stepMs = 100; // 40 s of history
    Replay.Summary summary = replay(writeHistory(rows, stepMs), Pace.speed("x20"));
    double expectedSeconds = (rows - 1) * stepMs / 1000.0 / 20;
    double sendingSeconds = (rows - 1) / summary.sendRate();
    assertThat(sendingSeconds).isCloseTo(expectedSeconds, within(expectedSeconds * 0.05));
  }

  private Replay.Summary replay(Path file, Pace pace) throws Exception {
    TransactionValidator validator =
        new TransactionValidator(config.maxFutureSkew(), config.maxEventAge(), config.tokenRanges());
    Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
    props.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 10);
    try (HistoryReader reader = HistoryFormat.of(file).open(file);
        RejectFile rejects = new RejectFile(dir.resolve("rejects.jsonl"));
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      return new Replay(topics, producer, validator, pace, false, -1, System.err)
          .run(reader, rejects, new ReplayProgress(System.err, ReplayProgress.Style.NONE));
    }
  }

  /** Row i: card i mod 50,000, event time BASE + i * stepMs; tokens only, never card numbers. */
  private Path writeHistory(int rows, long stepMs) throws Exception {
    Path file = dir.resolve("history-" + rows + ".csv");
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write(String.join(",", HistoryFields.TRANSACTION));
      out.newLine();
      for (int i = 0; i < rows; i++) {
        int card = i % CARDS;
        out.write("tx_" + i + "," + cardToken(card) + ",acc_" + card + ",mer_" + (i % 997) + ",trm_1,5411,"
            + (100 + i % 5_000) + ",EUR,CHIP," + Instant.ofEpochMilli(BASE + i * stepMs) + ",FR,48.86,2.35,acq_a");
        out.newLine();
      }
    }
    return file;
  }

  private static String cardToken(int card) {
    return "tok_" + Integer.toString(card, 36);
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
