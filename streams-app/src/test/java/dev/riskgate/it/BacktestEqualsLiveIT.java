package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riskgate.cli.AppProgressWait;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.history.HistoryFormat;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.HistoryWriter;
import dev.riskgate.history.RejectFile;
import dev.riskgate.replay.Pace;
import dev.riskgate.replay.Replay;
import dev.riskgate.replay.ReplayProgress;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.ScreeningTopology;
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
 * transaction, retries and status blocks included. Status changes are interleaved with the transactions by effective
 * time and replayed in one go at full speed; statuses apply in event time, and the replay waits for the app to apply
 * each change (GET /api/progress) before the transactions after it, so none arrives late. The ruleset is the shipped
 * default, merchant and terminal rules included, and the history holds a BIN attack on one terminal: the merchant side
 * decides in event-time order, so the attack is caught live exactly where the backtest catches it.
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
    binAttack(generator, history);
    List<EntityStatus> statuses = blocksAndLifts(history);
    Path all = write("all.csv", history);
    Path statusFile = dir.resolve("statuses.jsonl");
    try (HistoryWriter writer = new HistoryWriter(statusFile, null, false)) {
      statuses.forEach(writer::write);
    }

    Ruleset ruleset = Rulesets.defaultRuleset();
    Replay.Summary summary = replay(all, statusFile);
    assertThat(summary.statusesAwaited()).isEqualTo(statuses.size());
    Map<String, Decision> live = awaitDecisions(history.size());

    Map<String, Decision> offline = new LinkedHashMap<>();
    try (HistoryReader source = HistoryFormat.open(all, null, statusFile)) {
      CardSideBacktest.run(source, ruleset, d -> offline.put(CardSideBacktest.keyOf(d), d));
    }
    assertThat(offline).hasSize(history.size());
    assertThat(offline.values()).extracting(Decision::getRetry).contains(true);
    assertThat(offline.values()).filteredOn(d -> d.getOutcome() == Outcome.BLOCK).isNotEmpty();
    assertThat(offline.values()).as("the BIN attack is caught").filteredOn(d -> d.getReasons()
        .contains(ReasonCode.BIN_ATTACK)).isNotEmpty();
    for (Map.Entry<String, Decision> e : offline.entrySet()) {
      assertThat(live.get(e.getKey())).as(e.getKey()).isNotNull();
      assertThat(CardSideBacktest.differences(live.get(e.getKey()), e.getValue())).as(e.getKey()).isEmpty();
    }
    assertThat(running.app.meterRegistry().counter("riskgate.status.changes.late").count())
        .as("status changes that reached the app after transactions they cover").isZero();
  }

  /**
   * Twelve cards of the history paying 1.00 on one terminal, five seconds apart, from 60% of the way: a BIN attack,
   * which only the merchant side sees.
   */
  private static void binAttack(TrafficGenerator generator, List<Transaction> history) {
    Transaction target = history.get(history.size() * 3 / 5);
    long start = target.getEventTime().toEpochMilli() + 1_000;
    List<String> cards = generator.cardTokens();
    for (int i = 0; i < 12; i++) {
      Transaction probe = generator.transactionFor(cards.get(cards.size() - 1 - i), start + i * 5_000L);
      probe.setMerchantId(target.getMerchantId());
      probe.setTerminalId(target.getTerminalId());
      probe.setMcc(target.getMcc());
      probe.setCountry(target.getCountry());
      probe.setLatitude(target.getLatitude());
      probe.setLongitude(target.getLongitude());
      probe.setCurrency(target.getCurrency());
      probe.setAmountMinor(100);
      history.add(probe);
    }
    history.sort(java.util.Comparator.comparing(Transaction::getEventTime));
  }

  /**
   * Over the history: a lost card from a third of the way, an account frozen from a half and freed at three
   * quarters, a merchant suspended from two thirds; each entity used again after its change.
   */
  private static List<EntityStatus> blocksAndLifts(List<Transaction> history) {
    int n = history.size();
    Transaction a = history.get(n / 3 + 10);
    Transaction b = history.get(n / 2 + 20);
    Transaction c = history.get(2 * n / 3 + 30);
    return List.of(status(EntityType.CARD, a.getCardToken(), Status.LOST, timeOf(history, n / 3)),
        status(EntityType.ACCOUNT, b.getAccountId(), Status.FROZEN, timeOf(history, n / 2)),
        status(EntityType.MERCHANT, c.getMerchantId(), Status.SUSPENDED, timeOf(history, 2 * n / 3)),
        status(EntityType.ACCOUNT, b.getAccountId(), Status.ACTIVE, timeOf(history, 3 * n / 4)));
  }

  private static long timeOf(List<Transaction> history, int index) {
    return history.get(index).getEventTime().toEpochMilli() + 1;
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

  private Replay.Summary replay(Path transactions, Path statuses) throws Exception {
    var config = running.config;
    try (HistoryReader reader = HistoryFormat.open(transactions, null, statuses);
        RejectFile rejects = new RejectFile(dir.resolve("rejects.jsonl"));
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(running.clientProperties(),
            new StringSerializer(), new ByteArraySerializer())) {
      Replay.Summary summary = new Replay(running.topics, producer,
          new TransactionValidator(config.maxFutureSkew(), config.maxEventAge(), config.tokenRanges()), Pace.MAX, true,
          -1, System.err)
          .waitingFor(AppProgressWait.at("http://127.0.0.1:" + running.app.httpPort(), config, System.err))
          .run(reader, rejects, new ReplayProgress(System.err, ReplayProgress.Style.NONE));
      assertThat(summary.rejectedTotal()).isZero();
      return summary;
    }
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
