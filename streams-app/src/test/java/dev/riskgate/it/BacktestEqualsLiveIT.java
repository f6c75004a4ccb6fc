package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riskgate.cli.AppProgressWait;
import dev.riskgate.generate.Label;
import dev.riskgate.generate.LabelledDay;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.history.HistoryFormat;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.HistoryRecord;
import dev.riskgate.history.HistoryWriter;
import dev.riskgate.history.RejectFile;
import dev.riskgate.replay.Pace;
import dev.riskgate.replay.Replay;
import dev.riskgate.replay.ReplayProgress;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import dev.riskgate.status.StatusReasons;
import dev.riskgate.validation.TransactionValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One answer per transaction, whatever the pace: the live app on the real broker and registry decides a labelled
 * history (about two hours of event time: ordinary traffic on a few busy merchants, BIN attacks on their terminals,
 * card testing, impossible travel, splits, amount spikes, a frozen account and a lost card with their status changes
 * interleaved, terminal retries) exactly as the backtest does, with the shipped default ruleset, merchant and terminal
 * rules included: replayed at full speed, replayed at x60, and sent by a plain producer in event-time order with no
 * pacing and no waiting (what a user's own loader does).
 */
class BacktestEqualsLiveIT {
  private static final Duration SPAN = Duration.ofMinutes(90);

  @TempDir static Path shared;
  private static Path transactions;
  private static Path statuses;
  /** Each transaction's label, by {@link CardSideBacktest#keyOf}. */
  private static final Map<String, Label> labels = new HashMap<>();
  /** The backtest's decisions by {@link CardSideBacktest#keyOf}, in input order, and how many it made. */
  private static final Map<String, Decision> backtest = new LinkedHashMap<>();
  private static long backtestCount;
  /** Status changes with a transaction after them: those a replay waits for the app to apply. */
  private static int statusesBeforeATransaction;

  @TempDir Path dir;
  private RunningApp running;
  private KafkaConsumer<byte[], byte[]> reader;
  private final Map<String, Decision> decided = new HashMap<>();
  private long decisionsRead;

  @BeforeAll
  static void historyAndItsBacktest() throws Exception {
    long start = Instant.now().minus(Duration.ofDays(3)).toEpochMilli();
    transactions = shared.resolve("history.csv");
    statuses = shared.resolve("statuses.jsonl");
    int statusChanges = 0;
    try (HistoryWriter tx = new HistoryWriter(transactions, null, true);
        HistoryWriter st = new HistoryWriter(statuses, null, false)) {
      // 40 merchants for 6,000 ordinary payments: ~150 per merchant in 90 minutes, so a BIN attack hits a busy
      // terminal whose other traffic interleaves with it
      for (LabelledDay.Labelled e : LabelledDay.generate(11, start, 6_000, 3, LabelledDay.defaultCards(6_000), 40, SPAN)) {
        if (e.event() instanceof TrafficGenerator.TransactionEvent t) {
          statusesBeforeATransaction = statusChanges;
          tx.write(t.transaction(), e.label().name());
          // keyed as decisions are (CardSideBacktest.keyOf): a retry shares its original's id
          labels.put(t.transaction().getTransactionId() + (e.label() == Label.RETRY ? "/retry" : ""), e.label());
        } else if (e.event() instanceof TrafficGenerator.StatusEvent s) {
          st.write(s.status());
          statusChanges++;
        }
      }
    }
    try (HistoryReader source = HistoryFormat.open(transactions, null, statuses)) {
      backtestCount = CardSideBacktest.run(source, Rulesets.defaultRuleset(),
          d -> backtest.put(CardSideBacktest.keyOf(d), d));
    }
    assertThat(statusChanges).isEqualTo(12); // a block and its lift, for 3 frozen accounts and 3 lost cards
    assertThat(backtest.values()).extracting(Decision::getRetry).contains(true);
    assertThat(backtest.values()).as("BIN attacks caught on the merchant side").filteredOn(d -> d.getReasons()
        .contains(ReasonCode.BIN_ATTACK)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(backtest.values()).as("blocked by a status change").filteredOn(BacktestEqualsLiveIT::statusBlocked)
        .hasSizeGreaterThanOrEqualTo(6);
  }

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
  void aReplayAtFullSpeedIsDecidedAsTheBacktestDecides() throws Exception {
    Replay.Summary summary = replay(Pace.MAX);
    assertThat(summary.statusesAwaited()).as("the replay waited for the app to apply each change")
        .isEqualTo(statusesBeforeATransaction).isGreaterThanOrEqualTo(10);
    assertEqualToTheBacktest();
  }

  @Test
  void aReplayAtSixtyTimesIsDecidedAsTheBacktestDecides() throws Exception {
    replay(Pace.speed("x60"));
    assertEqualToTheBacktest();
  }

  /**
   * A plain producer in event-time order, transactions and status changes through one producer as fast as it goes:
   * nothing waits for the app to apply a change. A decision may then differ only where a metric says why: a status
   * change that reached the app after transactions it covers, a transaction the merchant side received after it had
   * released later ones. Per scenario, how many differ is printed.
   */
  @Test
  void aPlainProducerInEventTimeOrderIsDecidedAsTheBacktestDecidesExceptWhereAMetricSaysWhy() throws Exception {
    int sent = 0;
    try (HistoryReader source = HistoryFormat.open(transactions, null, statuses);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(running.clientProperties(),
            new StringSerializer(), new ByteArraySerializer())) {
      String input = running.topics.transactions().name();
      String statusTopic = running.topics.entityStatus().name();
      var txBytes = running.topics.transactions().valueSerde().serializer();
      var statusBytes = running.topics.entityStatus().valueSerde().serializer();
      for (HistoryRecord r = source.next(); r != null; r = source.next()) {
        if (r instanceof HistoryRecord.TransactionRow row) {
          Transaction tx = row.transaction();
          producer.send(new ProducerRecord<>(input, null, tx.getEventTime().toEpochMilli(), tx.getCardToken(),
              txBytes.serialize(input, tx)));
          sent++;
        } else if (r instanceof HistoryRecord.StatusRow row) {
          producer.send(new ProducerRecord<>(statusTopic, null, row.status().getEffectiveTime().toEpochMilli(),
              row.key(), statusBytes.serialize(statusTopic, row.status())));
        }
      }
    }
    assertThat(sent).isEqualTo(backtestCount);
    Map<String, Decision> live = awaitDecisions();
    double lateStatuses = running.app.meterRegistry().counter("riskgate.status.changes.late").count();
    double lateTransactions = running.app.meterRegistry().counter("riskgate.merchant.late.transactions").count();

    Map<Label, int[]> perScenario = new EnumMap<>(Label.class); // transactions, decisions that differ
    List<String> statusDifferences = new ArrayList<>();
    List<String> otherDifferences = new ArrayList<>();
    for (Map.Entry<String, Decision> e : backtest.entrySet()) {
      Decision expected = e.getValue();
      Decision actual = live.get(e.getKey());
      assertThat(actual).as(e.getKey()).isNotNull();
      List<String> differences = CardSideBacktest.differences(actual, expected);
      int[] counts = perScenario.computeIfAbsent(labels.get(e.getKey()), l -> new int[2]);
      counts[0]++;
      if (!differences.isEmpty()) {
        counts[1]++;
        (statusBlocked(expected) != statusBlocked(actual) ? statusDifferences : otherDifferences)
            .add(e.getKey() + " " + differences);
      }
    }
    System.out.printf("plain producer, %d transactions: %.0f status changes late, %.0f transactions late%n",
        backtest.size(), lateStatuses, lateTransactions);
    perScenario.forEach((label, counts) -> System.out.printf("  %-18s %6d transactions, %4d decided otherwise%n",
        label, counts[0], counts[1]));
    if (lateStatuses == 0) {
      assertThat(statusDifferences).as("status blocks, with no status change late").isEmpty();
    }
    if (lateTransactions == 0) {
      assertThat(otherDifferences).as("other decisions, with no transaction late on the merchant side").isEmpty();
    }
    assertSilentCardTasksNone();
  }

  /**
   * The end of the input was released because every card task said it was quiet, not because the merchant side
   * gave up waiting for a silent one (30 s).
   */
  private void assertSilentCardTasksNone() {
    assertThat(running.app.meterRegistry().counter("riskgate.merchant.silent.upstreams").count())
        .as("card tasks the merchant side stopped waiting for").isZero();
  }

  /** Every reason a status blocks with. */
  private static final Set<ReasonCode> STATUS_REASONS = Arrays.stream(EntityType.values())
      .flatMap(type -> Arrays.stream(Status.values()).map(status -> StatusReasons.reasonFor(type, status)))
      .filter(Objects::nonNull).collect(Collectors.toSet());

  private static boolean statusBlocked(Decision d) {
    return d.getReasons().stream().anyMatch(STATUS_REASONS::contains);
  }

  private Replay.Summary replay(Pace pace) throws Exception {
    var config = running.config;
    try (HistoryReader source = HistoryFormat.open(transactions, null, statuses);
        RejectFile rejects = new RejectFile(dir.resolve("rejects.jsonl"));
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(running.clientProperties(),
            new StringSerializer(), new ByteArraySerializer())) {
      Replay.Summary summary = new Replay(running.topics, producer,
          new TransactionValidator(config.maxFutureSkew(), config.maxEventAge(), config.tokenRanges()), pace, true,
          -1, System.err)
          .waitingFor(AppProgressWait.at("http://127.0.0.1:" + running.app.httpPort(), config, System.err))
          .run(source, rejects, new ReplayProgress(System.err, ReplayProgress.Style.NONE));
      assertThat(summary.rejectedTotal()).isZero();
      return summary;
    }
  }

  private void assertEqualToTheBacktest() {
    Map<String, Decision> live = awaitDecisions();
    double late = running.app.meterRegistry().counter("riskgate.merchant.late.transactions").count();
    for (Map.Entry<String, Decision> e : backtest.entrySet()) {
      assertThat(live.get(e.getKey())).as(e.getKey()).isNotNull();
      assertThat(CardSideBacktest.differences(live.get(e.getKey()), e.getValue()))
          .as("%s (%s), %.0f transactions late on the merchant side", e.getKey(),
              labels.get(e.getKey()), late).isEmpty();
    }
    assertThat(live).hasSameSizeAs(backtest);
    assertThat(late).as("transactions decided out of event-time order").isZero();
    assertSilentCardTasksNone();
    assertThat(live.values()).filteredOn(d -> d.getOutcome() == Outcome.BLOCK).isNotEmpty();
    assertThat(running.app.meterRegistry().counter("riskgate.status.changes.late").count())
        .as("status changes that reached the app after transactions they cover").isZero();
  }

  /** Every decision the app commits, as many as the backtest made: one per transaction. */
  private Map<String, Decision> awaitDecisions() {
    String topic = running.topics.decisions().name();
    if (reader == null) {
      reader = running.committedReader();
      List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
    }
    var values = running.topics.decisions().valueSerde().deserializer();
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
        Decision d = values.deserialize(topic, r.value());
        decided.put(CardSideBacktest.keyOf(d), d);
        decisionsRead++;
      }
      return decisionsRead >= backtestCount;
    });
    // nothing more: whatever was committed by now is read by a last poll
    reader.poll(Duration.ofMillis(500)).forEach(r -> decisionsRead++);
    assertThat(decisionsRead).as("one decision per transaction").isEqualTo(backtestCount);
    return decided;
  }
}
