package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.history.HistoryFormat;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.HistoryWriter;
import dev.riskgate.history.RejectFile;
import dev.riskgate.replay.Pace;
import dev.riskgate.replay.Replay;
import dev.riskgate.replay.ReplayProgress;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.RulesetPublisher;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.ScreeningTopology;
import dev.riskgate.status.StatusReasons;
import dev.riskgate.validation.TransactionValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live app on the real broker and registry decides a replayed history exactly as the backtest does: every
 * transaction, retries and status blocks included. Status changes take effect between the two halves of the history:
 * live, the second half is replayed only once the app's global store holds them; offline, they sit between the halves
 * by effective time. The ruleset is {@link CardSideBacktest}'s: a replayed history races ahead of merchant features
 * live, so only rules over card, transaction and status facts can be held to exact equality.
 */
class BacktestEqualsLiveIT {
  private static final int TRANSACTIONS = 2_000;
  private static final long STEP_MS = 60_000;

  @TempDir Path dir;
  private RunningApp running;

  @BeforeEach
  void start() {
    running = new RunningApp(dir.resolve("state"));
  }

  @AfterEach
  void stop() {
    if (reader != null) {
      reader.close();
    }
    running.close();
  }

  @Test
  void liveDecisionsEqualTheBacktestsForTheSameHistory() throws Exception {
    long start = Instant.now().minus(Duration.ofDays(3)).toEpochMilli();
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(21, 400, 60, 0, 0.03, "eq"));
    List<Transaction> history = new ArrayList<>();
    for (int i = 0; history.size() < TRANSACTIONS; i++) {
      if (generator.next(start + i * STEP_MS) instanceof TrafficGenerator.TransactionEvent t) {
        history.add(t.transaction());
      }
    }
    List<Transaction> first = history.subList(0, TRANSACTIONS / 2);
    List<Transaction> second = history.subList(TRANSACTIONS / 2, TRANSACTIONS);
    long between = first.get(first.size() - 1).getEventTime().toEpochMilli() + 1;
    List<EntityStatus> statuses = blocksOn(second, between);
    Path all = write("all.csv", history);
    Path statusFile = dir.resolve("statuses.jsonl");
    try (HistoryWriter writer = new HistoryWriter(statusFile, null, false)) {
      statuses.forEach(writer::write);
    }

    Ruleset ruleset =
        new RulesetPublisher(running.clientProperties(), running.topics).publish(CardSideBacktest.document(), "eq-it");
    awaitRulesetApplied(ruleset.version());
    replay(write("first.csv", first));
    Map<String, Decision> live = awaitDecisions(first.size());
    replay(statusFile);
    awaitStatusesApplied(statuses);
    replay(write("second.csv", second));
    live = awaitDecisions(TRANSACTIONS);

    Map<String, Decision> offline = new LinkedHashMap<>();
    try (HistoryReader source = HistoryFormat.open(all, null, statusFile)) {
      CardSideBacktest.run(source, ruleset, d -> offline.put(CardSideBacktest.keyOf(d), d));
    }
    assertThat(offline).hasSize(TRANSACTIONS);
    assertThat(offline.values()).extracting(Decision::getRetry).contains(true);
    assertThat(offline.values()).filteredOn(d -> d.getOutcome() == Outcome.BLOCK).isNotEmpty();
    for (Map.Entry<String, Decision> e : offline.entrySet()) {
      assertThat(live.get(e.getKey())).as(e.getKey()).isNotNull();
      assertThat(CardSideBacktest.differences(live.get(e.getKey()), e.getValue())).as(e.getKey()).isEmpty();
    }
  }

  /** A lost card, a frozen account and a suspended merchant, each used again in the second half. */
  private static List<EntityStatus> blocksOn(List<Transaction> second, long effective) {
    Transaction a = second.get(10);
    Transaction b = second.get(20);
    Transaction c = second.get(30);
    return List.of(status(EntityType.CARD, a.getCardToken(), Status.LOST, effective),
        status(EntityType.ACCOUNT, b.getAccountId(), Status.FROZEN, effective),
        status(EntityType.MERCHANT, c.getMerchantId(), Status.SUSPENDED, effective));
  }

  private static EntityStatus status(EntityType type, String id, Status status, long effective) {
    return EntityStatus.newBuilder().setEntityType(type).setEntityId(id).setStatus(status).setReason("it")
        .setEffectiveTime(Instant.ofEpochMilli(effective)).setSource("it").build();
  }

  private Path write(String name, List<Transaction> transactions) throws Exception {
    Path file = dir.resolve(name);
    try (HistoryWriter writer = new HistoryWriter(file, null, false)) {
      transactions.forEach(tx -> writer.write(tx, null));
    }
    return file;
  }

  private void replay(Path file) throws Exception {
    var config = running.config;
    try (HistoryReader reader = HistoryFormat.of(file).open(file);
        RejectFile rejects = new RejectFile(dir.resolve("rejects.jsonl"));
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(running.clientProperties(),
            new StringSerializer(), new ByteArraySerializer())) {
      Replay.Summary summary = new Replay(running.topics, producer,
          new TransactionValidator(config.maxFutureSkew(), config.maxEventAge(), config.tokenRanges()), Pace.MAX, true,
          -1, System.err)
          .run(reader, rejects, new ReplayProgress(System.err, ReplayProgress.Style.NONE));
      assertThat(summary.rejectedTotal()).isZero();
    }
  }

  private void awaitRulesetApplied(String version) {
    ReadOnlyKeyValueStore<String, byte[]> store = running.app.streams().store(StoreQueryParameters.fromNameAndType(
        ScreeningTopology.RULESET_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    await().atMost(Duration.ofSeconds(30)).until(() -> store.get("active") != null && running.topics.riskRules()
        .valueSerde().deserializer().deserialize(running.topics.riskRules().name(), store.get("active"))
        .getVersion().equals(version));
  }

  private void awaitStatusesApplied(List<EntityStatus> statuses) {
    ReadOnlyKeyValueStore<String, byte[]> store = running.app.streams().store(StoreQueryParameters.fromNameAndType(
        ScreeningTopology.STATUS_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    await().atMost(Duration.ofSeconds(30)).until(() -> statuses.stream()
        .allMatch(s -> store.get(StatusReasons.key(s.getEntityType(), s.getEntityId())) != null));
  }

  private final Map<String, Decision> decided = new HashMap<>();
  private KafkaConsumer<byte[], byte[]> reader;

  private Map<String, Decision> awaitDecisions(int count) {
    String topic = running.topics.decisions().name();
    if (reader == null) {
      reader = running.committedReader();
      List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
    }
    var values = running.topics.decisions().valueSerde().deserializer();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
        Decision d = values.deserialize(topic, r.value());
        decided.put(CardSideBacktest.keyOf(d), d);
      }
      return decided.size() >= count;
    });
    return decided;
  }
}
