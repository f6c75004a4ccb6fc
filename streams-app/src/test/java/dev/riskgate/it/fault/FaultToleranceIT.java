package dev.riskgate.it.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.it.CardSideBacktest;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rulesets.RulesetPublisher;
import dev.riskgate.testing.LocalStack;
import dev.riskgate.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accounting invariant through faults, on the real broker and registry: three riskgate instances (child JVMs,
 * exactly_once_v2, one standby per store) screen a continuous generated stream while one is killed with SIGKILL and
 * restarted, the broker is restarted, a fourth instance joins and leaves, and the registry is stopped for
 * {@code fault.registry.outage.seconds} (30 by default), through which decisions must keep coming from the schemas
 * the instances cached. At the end, read_committed: every transactionId sent has exactly one original decision and
 * audit event, retries one each, nothing lost, nothing duplicated, and each bad record (one in 200 sent is not Avro)
 * exactly one dead letter, so records in = decisions + dead letters; and every decision equals
 * the one a fault-free backtest of the same input gives ({@link FaultFreeBacktest}), for which the instances run the
 * card-side ruleset ({@link CardSideBacktest}). Figures go to target/reliability/fault-report.md.
 *
 * <p>Bounded for CI by default (one round); {@code scripts/soak} runs more rounds, longer, through the system
 * properties below. Each round ends with the registry down, and it stays down through the last round's drain and
 * check; between rounds it is restarted. With one round the registry keeps schemas in memory (fast to start); with
 * more it keeps them in the broker (kafkasql), so that the ids instances and producers cached stay valid after each
 * registry restart.
 */
class FaultToleranceIT {
  private static final int ROUNDS = Integer.getInteger("fault.rounds", 1);
  private static final int RATE = Integer.getInteger("fault.rate", 100);
  private static final Duration PHASE = Duration.ofSeconds(Integer.getInteger("fault.phase.seconds", 2));
  private static final Duration REGISTRY_OUTAGE =
      Duration.ofSeconds(Integer.getInteger("fault.registry.outage.seconds", 30));
  private static final Duration START = Duration.ofSeconds(120);
  private static final Duration RECOVERY = Duration.ofSeconds(120);

  // instance logs and state stay for a look when the test fails
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work;
  private LocalStack stack;
  private final List<AppProcess> instances = new ArrayList<>();
  private String applicationId;
  private Map<String, Object> clients;

  @AfterEach
  void stopEverything() throws Exception {
    for (AppProcess instance : instances) {
      instance.stop();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyTransactionIsDecidedExactlyOnceThroughKillsRestartsAndScaling() throws Exception {
    stack = LocalStack.startNew(ROUNDS > 1 ? LocalStack.Mode.PERSISTENT : LocalStack.Mode.BROKER_AND_REGISTRY);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "fault-" + run + ".";
    Map<String, String> settings = Map.of(
        "bootstrap.servers", stack.bootstrapServers(),
        "schema.registry.url", stack.registryUrl(),
        "application.id", applicationId = "riskgate-fault-" + run,
        "topic.prefix", prefix,
        "topic.partitions", "6",
        "num.standby.replicas", "1",
        "rocksdb.memory.mb", "32",
        "shutdown.timeout", "PT20S",
        // a killed instance's partitions wait for its session to expire: 10 s instead of the default 45 s
        "kafka." + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000",
        "kafka." + ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
    for (int i = 1; i <= 4; i++) {
      instances.add(new AppProcess("instance-" + i, work, settings));
    }
    AppProcess victim = instances.get(1);
    AppProcess extra = instances.get(3);
    List<AppProcess> steady = instances.subList(0, 3);
    steady.forEach(AppProcess::start);
    await().atMost(START).pollInterval(Duration.ofMillis(250)).until(() -> steady.stream().allMatch(AppProcess::ready));

    clients = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    FaultReport report = new FaultReport();
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(17, 5_000, 500, 0, 0.02, run));
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(stack.registryUrl());
        DecisionLedger ledger = new DecisionLedger(clients, prefix + "decisions", prefix + "audit",
            prefix + "transactions-dead-letter")) {
      Topics topics = new Topics(prefix, registry);
      Ruleset ruleset = new RulesetPublisher(clients, topics).publish(CardSideBacktest.document(), "fault-it");
      await().atMost(START).pollInterval(Duration.ofMillis(250)).until(() -> steady.stream()
          .allMatch(instance -> ruleset.version().equals(instance.rulesetVersion())));
      List<FaultReport.Fault> outages = new ArrayList<>();
      TransactionStream stream = new TransactionStream(clients, topics.transactions(), generator, RATE);
      try (stream) {
        pause(PHASE);
        for (int round = 1; round <= ROUNDS; round++) {
          long started = now();
          victim.kill();
          victim.start();
          report.fault("kill -9 " + victim.name + ", restart", started, now(), caughtUp(stream, ledger));
          pause(PHASE);

          started = now();
          stack.stopBroker();
          stack.startBroker();
          report.fault("broker restart", started, now(), caughtUp(stream, ledger));
          pause(PHASE);

          started = now();
          extra.start();
          await().atMost(START).pollInterval(Duration.ofMillis(250)).until(extra::ready);
          report.fault("add " + extra.name, started, now(), caughtUp(stream, ledger));
          pause(PHASE);

          started = now();
          extra.stop();
          report.fault("remove " + extra.name + " (SIGTERM)", started, now(), caughtUp(stream, ledger));
          pause(PHASE);

          started = now();
          stack.stopRegistry();
          pause(REGISTRY_OUTAGE);
          // caught up before the registry comes back: everything sent during the outage was decided without it
          outages.add(report.fault("registry down", started, now(), caughtUp(stream, ledger)));
          if (round < ROUNDS) {
            stack.startRegistry(); // the last outage lasts to the end: the final drain runs without a registry
            pause(PHASE);
          }
        }
      }
      assertThat(stream.failedSends()).as("sends the broker never acknowledged: %s", stream.lastFailure()).isZero();
      try {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
            .until(() -> ledger.complete(stream.sends()) && ledger.deadLetters() >= stream.poisonSent());
      } catch (ConditionTimeoutException e) {
        leaveDiagnostics("final-drain");
        throw e;
      }
      pause(Duration.ofSeconds(2)); // a duplicate would be committed by now: commit.interval.ms is 50 ms
      ledger.stopReading();

      FaultFreeBacktest.Agreement agreement =
          FaultFreeBacktest.compare(clients, topics.transactions().name(), ruleset, ledger);
      // the instances answer for what the input topic holds: a record the test's producer wrote twice (a batch sent
      // again under a new producer epoch after a broker restart, its first write unacknowledged) is a retry to them
      Map<String, Integer> input = agreement.inputRecords();
      Map<String, Integer> sends = stream.sends();
      List<String> notOnInput = sends.keySet().stream()
          .filter(id -> input.getOrDefault(id, 0) < sends.get(id)).sorted().toList();
      List<String> writtenTwice = input.keySet().stream()
          .filter(id -> input.get(id) > sends.getOrDefault(id, 0)).sorted().toList();
      FaultReport.Accounting accounting = FaultReport.account(input, ledger);
      String figures = report.render(accounting, agreement, stream.firstSentAt(), ledger, String.format(
          "%d round(s), %d transactions/s, %d s between faults, registry down %d s per round, 3 instances (child "
              + "JVMs), exactly_once_v2, 6 partitions, 1 standby, ruleset %s", ROUNDS, RATE, PHASE.toSeconds(),
          REGISTRY_OUTAGE.toSeconds(), ruleset.version()));
      // the instances' progress watchdog (progress.stall.timeout): any partition it found stalled, even if it recovered
      List<String> stalls = instances.stream()
          .flatMap(instance -> instance.logLinesContaining("No progress on").stream()).toList();
      figures += "\nStalled partitions reported by the instances' progress watchdog: " + stalls.size() + "\n"
          + stalls.stream().map(line -> "- " + line + "\n").collect(Collectors.joining());
      figures += "\nInput records beyond the acknowledged sends (written twice by the test's producer; each must be "
          + "decided as a retry): " + writtenTwice.size() + (writtenTwice.isEmpty() ? "" : " " + writtenTwice) + "\n";
      figures += duplicatesExplained(input, ledger);
      Path out = Path.of("target", "reliability", "fault-report.md");
      Files.createDirectories(out.getParent());
      Files.writeString(out, figures);
      System.out.println(figures);

      assertThat(notOnInput).as("acknowledged sends missing from the input topic").isEmpty();
      assertThat(accounting.transactions()).isGreaterThan(RATE * REGISTRY_OUTAGE.toSeconds());
      assertThat(accounting.lost()).as("lost").isZero();
      assertThat(accounting.duplicated()).as("duplicated").isZero();
      assertThat(accounting.unexpected()).as("decisions for transactions never sent").isZero();
      assertThat(stream.poisonSent()).as("bad records sent").isGreaterThan(10);
      assertThat(agreement.unreadable()).as("bad records on the input topic").isGreaterThanOrEqualTo(stream.poisonSent());
      assertThat(accounting.deadLetters()).as("dead letters: one per bad record on the input, through faults")
          .isEqualTo(agreement.unreadable());
      assertThat(agreement.retries()).as("retries compared").isPositive();
      assertThat(agreement.withReasons()).as("originals with reasons compared").isPositive();
      assertThat(agreement.equal()).as("decisions equal to the backtest; first mismatches: %s",
          agreement.mismatches()).isEqualTo(agreement.compared());
      assertThat(report.faultCount()).isEqualTo(5 * ROUNDS);
      for (FaultReport.Fault outage : outages) {
        assertThat(FaultReport.sentDuring(outage, stream.firstSentAt()))
            .as("transactions sent while the registry was down").isGreaterThan(RATE * REGISTRY_OUTAGE.toSeconds() / 2);
        // decisions kept coming (a backlog from the faults before is no stall): without the registry for a schema,
        // screening would stop and no decision would appear for as long as it stays down
        assertThat(FaultReport.longestGap(outage, ledger))
            .as("longest stretch without a new decision while the registry was down (ms)")
            .isLessThan(REGISTRY_OUTAGE.toMillis() / 2);
      }
      assertThat(steady).allSatisfy(instance -> assertThat(instance.alive()).as(instance.name).isTrue());
    }
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  /**
   * Waits until every transaction sent so far is decided; returns when that was. When that does not happen in time,
   * leaves what each instance was doing (threads, metrics) and the group's offsets in the work directory first.
   */
  private long caughtUp(TransactionStream stream, DecisionLedger ledger) {
    Map<String, Integer> sent = Map.copyOf(stream.sends());
    try {
      await().atMost(RECOVERY).pollInterval(Duration.ofMillis(100)).until(() -> ledger.complete(sent));
    } catch (ConditionTimeoutException e) {
      String lagging = leaveDiagnostics("stalled");
      // CI keeps only the console: the failure itself says what was stuck
      List<String> undecided = sent.keySet().stream().filter(id -> !ledger.complete(Map.of(id, sent.get(id))))
          .sorted().toList();
      StringBuilder why = new StringBuilder(String.format("%d of %d transactions sent not decided within %s; "
          + "first: %s%nlagging (partition committed end):%n%s", undecided.size(), sent.size(), RECOVERY,
          undecided.subList(0, Math.min(5, undecided.size())), lagging));
      for (AppProcess instance : instances) {
        why.append(instance.name).append(instance.alive() ? " alive" : " not running")
            .append(instance.alive() && instance.ready() ? ", ready" : "").append('\n');
        List<String> warnings = new ArrayList<>(instance.logLinesContaining(" WARN "));
        warnings.addAll(instance.logLinesContaining(" ERROR "));
        warnings.stream().skip(Math.max(0, warnings.size() - 8)).forEach(line -> why.append("  ")
            .append(line.length() > 300 ? line.substring(0, 300) : line).append('\n'));
      }
      throw new AssertionError(why.toString(), e);
    }
    return System.currentTimeMillis();
  }

  /** Leaves the diagnostics in the work directory; returns the partitions whose committed offset is behind. */
  private String leaveDiagnostics(String label) {
    StringBuilder lagging = new StringBuilder();
    instances.forEach(instance -> instance.dumpDiagnostics(label));
    try (Admin admin = Admin.create(clients)) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
      StringBuilder out = new StringBuilder("partition committed end(read_committed)\n");
      new TreeMap<String, TopicPartition>(committed.keySet().stream()
          .collect(Collectors.toMap(TopicPartition::toString, tp -> tp))).forEach((name, tp) -> out.append(name)
          .append(' ').append(committed.get(tp).offset()).append(' ').append(ends.get(tp).offset()).append('\n'));
      Files.writeString(work.resolve("group-offsets-" + label + ".txt"), out);
      committed.forEach((tp, offset) -> {
        if (offset.offset() < ends.get(tp).offset()) {
          lagging.append("  ").append(tp).append(' ').append(offset.offset()).append(' ')
              .append(ends.get(tp).offset()).append('\n');
        }
      });
    } catch (Exception e) {
      System.err.println("Could not read the group's offsets: " + e);
      lagging.append("  (offsets not readable: ").append(e).append(")\n");
    }
    return lagging.toString();
  }

  /** Lets the stream run for a while between faults (the fault schedule, not a wait for a result). */
  private static void pause(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    await().atMost(duration.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> System.nanoTime() >= until);
  }

  /** For each transaction with more audit events than sends: every one of them, to tell a re-run from a zombie. */
  private static String duplicatesExplained(Map<String, Integer> sends, DecisionLedger ledger) {
    StringBuilder out = new StringBuilder();
    sends.forEach((id, sent) -> {
      DecisionLedger.Entry e = ledger.entries().get(id);
      if (e != null && (e.originals + e.retries > sent || e.audits.size() > sent)) {
        out.append("- ").append(id).append(", sent ").append(sent).append(" time(s):\n");
        e.audits.forEach(audit -> out.append("  - ").append(audit).append('\n'));
      }
    });
    return out.isEmpty() ? "" : "\nDuplicated transactions, with every audit event seen:\n" + out;
  }
}
