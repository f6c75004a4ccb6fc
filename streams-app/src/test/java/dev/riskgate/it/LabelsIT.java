package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riskgate.cli.RiskgateCli;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.Transaction;
import dev.riskgate.validation.BadInputs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Outcomes in and shown, on a real broker and registry: labels imported from a file (refused lines to the reject
 * file, a card number masked), then every rule counted against them, equal to a count made here from the audit topic:
 * by {@code riskgate rules stats} from the topics, and live by the app (analyst API, /metrics); a record on the topic
 * that is not a label dead-lettered.
 */
class LabelsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private RunningApp running;

  @BeforeEach
  void start() {
    running = new RunningApp(dir.resolve("state"), java.util.UUID.randomUUID().toString().substring(0, 8),
        "it-instance", 0, 3, Map.of("outcomes.enabled", "true"));
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private record Run(int exit, String out, String err) {}

  private Run cli(String... args) {
    CommandLine cli = RiskgateCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(Stream.concat(Stream.of(args), Stream.of("-b", running.config.bootstrapServers(),
        "-r", running.config.schemaRegistryUrl(), "--set", "topic.prefix=" + running.config.topicPrefix()))
        .toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void importedLabelsAreCountedPerRuleAsTheAuditTopicSays() throws Exception {
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(21, 40, 10, 0, 0, "labels"));
    List<String> cards = generator.cardTokens();
    Instant now = Instant.now().minusSeconds(60);
    List<Transaction> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) { // a card-testing burst: blocked from its fourth probe
      Transaction probe = generator.transactionFor(cards.get(0), now.plusSeconds(i * 5L).toEpochMilli());
      probe.setAmountMinor(90);
      probe.setCurrency("EUR");
      sent.add(probe);
    }
    for (int i = 1; i <= 6; i++) {
      sent.add(generator.transactionFor(cards.get(i), now.plusSeconds(40 + i).toEpochMilli()));
    }
    sent.add(sent.get(7)); // a terminal's retry: a label never attaches to it
    String input = running.topics.transactions().name();
    var values = running.topics.transactions().valueSerde().serializer();
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      for (Transaction tx : sent) {
        producer.send(new ProducerRecord<>(input, null, tx.getEventTime().toEpochMilli(),
            tx.getCardToken().getBytes(StandardCharsets.UTF_8), values.serialize(input, tx)));
      }
    }
    String auditTopic = running.topics.audit().name();
    List<AuditEvent> audits = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      for (ConsumerRecord<byte[], byte[]> r : new CommittedRecords(reader, List.of(auditTopic))
          .until(read -> read.size() >= sent.size(), Duration.ofSeconds(60))) {
        audits.add(running.topics.audit().valueSerde().deserializer().deserialize(auditTopic, r.value()));
      }
    }
    assertThat(audits).filteredOn(a -> a.getDecision().getOutcome() == Outcome.BLOCK).hasSizeGreaterThanOrEqualTo(3);

    // the outcomes: the burst is fraud, two payments genuine, one first called fraud then found genuine, one
    // reported twice; a label for a transaction never seen; a bad line and one with a card number
    String pan = BadInputs.pan(new java.util.Random(11), 16);
    Map<String, String> inForce = new HashMap<>();
    List<String> lines = new ArrayList<>(List.of("transactionId,cardToken,label,fraudType,reportedTime,source"));
    Instant reported = Instant.now().minusSeconds(30);
    for (int i = 0; i < 6; i++) {
      lines.add(sent.get(i).getTransactionId() + "," + cards.get(0) + ",CONFIRMED_FRAUD,CARD_TESTING," + reported
          + ",issuer");
      inForce.put(sent.get(i).getTransactionId(), "fraud");
    }
    lines.add(sent.get(6).getTransactionId() + "," + cards.get(1) + ",GENUINE,," + reported + ",analyst:it");
    lines.add(sent.get(6).getTransactionId() + "," + cards.get(1) + ",GENUINE,," + reported + ",analyst:it");
    lines.add(sent.get(7).getTransactionId() + "," + cards.get(2) + ",CHARGEBACK,LOST_CARD," + reported + ",issuer");
    lines.add(sent.get(7).getTransactionId() + "," + cards.get(2) + ",GENUINE,," + reported.plusSeconds(10)
        + ",issuer");
    inForce.put(sent.get(6).getTransactionId(), "genuine");
    inForce.put(sent.get(7).getTransactionId(), "genuine");
    lines.add(sent.get(8).getTransactionId() + "," + cards.get(3) + ",CHARGEBACK,LOST_CARD," + reported + ",issuer");
    inForce.put(sent.get(8).getTransactionId(), "fraud");
    lines.add("tx_never_seen," + cards.get(4) + ",CHARGEBACK,," + reported + ",issuer");
    lines.add(sent.get(9).getTransactionId() + "," + cards.get(4) + ",MAYBE,," + reported + ",issuer");
    lines.add(sent.get(10).getTransactionId() + "," + pan + ",CHARGEBACK,," + reported + ",issuer");
    Path file = dir.resolve("labels.csv");
    Files.write(file, lines);
    Path rejects = dir.resolve("rejects.jsonl");

    Run imported = cli("labels", "import", file.toString(), "--rejects", rejects.toString(), "--quiet");
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.err()).contains("imported 12 labels, rejected 2 lines: INVALID_FIELD 1 PAN_DETECTED 1");
    String rejected = Files.readString(rejects);
    assertThat(rejected).contains("\"line\":14").contains("'MAYBE' is not one of").doesNotContain(pan);
    // a record on the topic that is not a label (another producer): skipped and counted, never a failure
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      producer.send(new ProducerRecord<>(running.topics.fraudLabels().name(), "x".getBytes(StandardCharsets.UTF_8),
          "not avro".getBytes(StandardCharsets.UTF_8))).get();
    }

    Run stats = cli("rules", "stats", "--since", "-1h", "--json");
    assertThat(stats.exit()).as(stats.err()).isZero();
    assertThat(stats.err()).contains("1 records could not be read");
    JsonNode version = JSON.readTree(stats.out()).get("rulesets").get(0);
    Map<String, long[]> expected = new HashMap<>();
    long allowedFraud = 0;
    java.util.Set<String> originals = new java.util.HashSet<>();
    for (AuditEvent audit : audits) {
      String id = audit.getDecision().getTransactionId();
      if (audit.getDecision().getRetry() || !originals.add(id)) {
        continue;
      }
      String outcome = inForce.get(id);
      for (RuleEvaluation rule : audit.getRules()) {
        if (rule.getFired()) {
          long[] c = expected.computeIfAbsent(rule.getRuleId() + " " + rule.getMode(), k -> new long[3]);
          c[0]++;
          c[1] += "fraud".equals(outcome) ? 1 : 0;
          c[2] += "genuine".equals(outcome) ? 1 : 0;
        }
      }
      allowedFraud += "fraud".equals(outcome) && audit.getDecision().getOutcome() == Outcome.ALLOW ? 1 : 0;
    }
    Map<String, long[]> shown = new HashMap<>();
    version.get("rules").forEach(r -> shown.put(r.get("rule").asText() + " " + r.get("mode").asText(),
        new long[] {r.get("hits").asLong(), r.get("fraud").asLong(), r.get("genuine").asLong()}));
    assertThat(shown.keySet()).isEqualTo(expected.keySet()).contains("card-testing-small-burst ENFORCE");
    expected.forEach((rule, c) -> assertThat(shown.get(rule)).as(rule).containsExactly(c));
    assertThat(version.get("decisions").asLong()).isEqualTo(originals.size()).isEqualTo(sent.size() - 1);
    assertThat(version.get("labelledFraud").asLong()).isEqualTo(7);
    assertThat(version.get("labelledGenuine").asLong()).isEqualTo(2);
    long shownAllowed = 0;
    for (JsonNode n : version.get("fraudAllowedByType")) {
      shownAllowed += n.asLong();
    }
    assertThat(shownAllowed).isEqualTo(allowedFraud).isPositive();
    JsonNode root = JSON.readTree(stats.out());
    assertThat(root.get("labelsWithoutDecision").asLong()).isEqualTo(1);
    assertThat(root.get("repeatedLabels").asLong()).isEqualTo(1);
    assertThat(root.get("conflictingLabels").asLong()).isEqualTo(1);
    // the same figures counted live by the app as the labels arrived: on the analyst API and /metrics
    JsonNode counted = JSON.readTree(stats.out()).get("rulesets");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> counted.equals(running.getJson("/api/rules/stats").get("rulesets")));
    JsonNode live = running.getJson("/api/rules/stats");
    assertThat(live.get("complete").asBoolean()).as(live.toString()).isTrue();
    String metrics = running.get("/metrics", Map.of()).body();
    long[] burst = expected.get("card-testing-small-burst ENFORCE");
    assertThat(gauge(metrics, "riskgate_rule_hits", "card-testing-small-burst")).isEqualTo(burst[0]);
    assertThat(gauge(metrics, "riskgate_rule_labelled", "card-testing-small-burst", "verdict=\"fraud\""))
        .isEqualTo(burst[1]);
    // the record that is not a label went to the labels' dead-letter topic, with why
    String labelLetters = running.topics.fraudLabelDeadLetters().name();
    try (KafkaConsumer<byte[], byte[]> reader = running.committedReader()) {
      List<ConsumerRecord<byte[], byte[]>> letters = new CommittedRecords(reader, List.of(labelLetters))
          .until(read -> !read.isEmpty(), Duration.ofSeconds(30));
      assertThat(letters).hasSize(1);
      var letter = running.topics.fraudLabelDeadLetters().valueSerde().deserializer()
          .deserialize(labelLetters, letters.get(0).value());
      assertThat(letter.getErrorKind()).isEqualTo(dev.riskgate.schema.ErrorKind.UNKNOWN_MAGIC_BYTE);
      assertThat(new String(letter.getValue().array(), StandardCharsets.UTF_8)).isEqualTo("not avro");
    }

    // the same outcomes in a backtest of the same transactions, read from the topic
    Path history = dir.resolve("history.csv");
    try (dev.riskgate.history.HistoryWriter writer = new dev.riskgate.history.HistoryWriter(history, null, true)) {
      for (Transaction tx : sent) {
        writer.write(tx, "");
      }
    }
    Path defaultRules = dir.resolve("default.yaml");
    Files.writeString(defaultRules, dev.riskgate.rules.Rulesets.defaultDocument());
    Run backtest = cli("backtest", history.toString(), "--candidate", defaultRules.toString(), "--out",
        dir.resolve("bt").toString(), "--labels-from-topic");
    assertThat(backtest.exit()).as(backtest.err()).isZero();
    assertThat(Files.readString(dir.resolve("bt/report.txt"))).contains("fraud recall (7)", "recall CARD_TESTING (6)",
        "recall LOST_CARD (1)");
  }

  /** The value of a gauge on /metrics whose labels include {@code rule="..."} and every one of {@code more}. */
  private static long gauge(String metrics, String name, String rule, String... more) {
    return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains("rule=\"" + rule + "\""))
        .filter(line -> java.util.Arrays.stream(more).allMatch(line::contains))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(name + " of " + rule + " is not on /metrics"));
  }
}
