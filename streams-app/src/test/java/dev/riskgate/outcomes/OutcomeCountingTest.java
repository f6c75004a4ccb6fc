package dev.riskgate.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.detection.DetectionReport;
import dev.riskgate.generate.Label;
import dev.riskgate.generate.LabelledDay;
import dev.riskgate.labels.RuleStats;
import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.LabelKind;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.BadInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live outcome counts, fed audit events of a screened day and labels straight onto their topics: labels before
 * and long after their decision, for unknown transactions, twice, conflicting, past the horizon and malformed, against
 * a count made here independently.
 */
class OutcomeCountingTest {
  private static final Instant DAY = Instant.parse("2026-06-01T00:00:00Z");
  private static final List<AuditEvent> audits = new ArrayList<>();
  private static final Map<String, Label> truth = new HashMap<>();

  @TempDir Path state;
  private final String scope = "outcomes-" + UUID.randomUUID();
  private final OutcomeFigures figures = OutcomeFigures.unmetered();
  private TopologyTestDriver driver;
  private Topics topics;
  private TestInputTopic<String, AuditEvent> auditIn;
  private TestInputTopic<String, FraudLabel> labelsIn;
  private TestInputTopic<byte[], byte[]> rawLabelsIn;
  private TestOutputTopic<byte[], DeadLetter> labelDeadLetters;

  @BeforeAll
  static void screenADay() {
    List<LabelledDay.Labelled> day = LabelledDay.generate(4, DAY.toEpochMilli(), 5_000, 5, 1_500, 200,
        Duration.ofDays(1));
    DetectionReport.screen(Rulesets.defaultRuleset(), day, (labelled, audit) -> {
      truth.putIfAbsent(audit.getDecision().getTransactionId(), labelled.label());
      audits.add(audit);
    });
  }

  @BeforeEach
  void start() throws Exception {
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), Map.of("topic.partitions", "1", "outcomes.enabled", "true",
        "schema.registry.url", "mock://" + scope, "state.dir", state.toString(), "instance.id", "test"));
    topics = new Topics("", MockSchemaRegistryClient.forScope(scope));
    driver = new TopologyTestDriver(OutcomeTopology.build(config, topics, ScreeningRecorder.NONE, figures),
        config.outcomeStreamsProperties(), DAY);
    auditIn = driver.createInputTopic(topics.audit().name(), Serdes.String().serializer(),
        topics.audit().valueSerde().serializer());
    labelsIn = driver.createInputTopic(topics.fraudLabels().name(), Serdes.String().serializer(),
        topics.fraudLabels().valueSerde().serializer());
    rawLabelsIn = driver.createInputTopic(topics.fraudLabels().name(), new ByteArraySerializer(),
        new ByteArraySerializer());
    labelDeadLetters = driver.createOutputTopic(topics.fraudLabelDeadLetters().name(),
        Serdes.ByteArray().deserializer(), topics.fraudLabelDeadLetters().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
    MockSchemaRegistryClient.dropScope(scope);
  }

  private void decide(AuditEvent audit) {
    auditIn.pipeInput(audit.getDecision().getCardToken(), audit, audit.getDecision().getEventTime());
  }

  private void report(FraudLabel label) {
    labelsIn.pipeInput(label.getCardToken(), label, label.getReportedTime());
  }

  private static FraudLabel label(AuditEvent audit, LabelKind kind, String type, Instant at) {
    return new FraudLabel(audit.getDecision().getTransactionId(), audit.getDecision().getCardToken(), kind, type,
        kind == LabelKind.CHARGEBACK ? "10.4" : null, "test", at);
  }

  @Test
  void everyRuleIsCountedLiveAsCountedHereAndAsTheCommandCounts() {
    Random random = new Random(9);
    Map<String, LabelKind> inForce = new HashMap<>();
    Map<String, AuditEvent> originals = new HashMap<>();
    for (AuditEvent audit : audits) {
      if (!audit.getDecision().getRetry()) {
        originals.putIfAbsent(audit.getDecision().getTransactionId(), audit);
      }
    }
    // labels reported within the horizon after the day; the first tenth reaches the topic before the audit events
    List<FraudLabel> before = new ArrayList<>();
    List<FraudLabel> after = new ArrayList<>();
    List<FraudLabel> all = new ArrayList<>();
    int n = 0;
    for (AuditEvent audit : originals.values()) {
      String id = audit.getDecision().getTransactionId();
      Label real = truth.get(id);
      LabelKind kind;
      if (real.isFraud()) {
        kind = random.nextBoolean() ? LabelKind.CONFIRMED_FRAUD : LabelKind.CHARGEBACK;
      } else if (audit.getDecision().getOutcome() != Outcome.ALLOW) {
        kind = LabelKind.FALSE_POSITIVE;
      } else if (random.nextInt(10) == 0) {
        kind = LabelKind.GENUINE;
      } else {
        continue;
      }
      Instant reported = DAY.plus(Duration.ofDays(1 + random.nextInt(100)));
      List<FraudLabel> mine = new ArrayList<>();
      mine.add(label(audit, kind, real.isFraud() ? real.name() : null, reported));
      if (random.nextInt(20) == 0) {
        mine.add(label(audit, kind, real.isFraud() ? real.name() : null, reported)); // twice: counts once
      }
      if (random.nextInt(10) == 0 && !real.isFraud()) {
        // an analyst's earlier guess of fraud arriving after the issuer's genuine: the later report stands
        mine.add(label(audit, LabelKind.CONFIRMED_FRAUD, "ANALYST_GUESS", reported.minus(Duration.ofDays(1))));
      }
      if (random.nextInt(10) == 0 && real.isFraud()) {
        // first reported genuine, then found fraud: the counts move from genuine to fraud
        mine.add(0, label(audit, LabelKind.GENUINE, null, reported.minus(Duration.ofDays(1))));
      }
      inForce.put(id, kind);
      (n++ % 10 == 0 ? before : after).addAll(mine);
      all.addAll(mine);
    }
    for (int i = 0; i < 5; i++) { // transactions never decided
      report(new FraudLabel("tx_never_decided_" + i, "tok_unknown" + i, LabelKind.CHARGEBACK, null, "10.4",
          "test", DAY.plus(Duration.ofDays(2))));
    }
    before.forEach(this::report);
    audits.forEach(this::decide);
    audits.stream().limit(300).forEach(this::decide); // the audit topic read twice: counted once
    after.forEach(this::report);

    // the independent count: every original once, its fired rules against the label in force
    String version = Rulesets.defaultRuleset().version();
    Map<String, long[]> expected = new HashMap<>();
    long[] decided = new long[3];
    Map<String, Long> allowed = new HashMap<>();
    for (AuditEvent audit : originals.values()) {
      LabelKind kind = inForce.get(audit.getDecision().getTransactionId());
      boolean fraud = kind == LabelKind.CONFIRMED_FRAUD || kind == LabelKind.CHARGEBACK;
      boolean genuine = kind != null && !fraud;
      decided[0]++;
      decided[1] += fraud ? 1 : 0;
      decided[2] += genuine ? 1 : 0;
      for (RuleEvaluation rule : audit.getRules()) {
        if (rule.getFired()) {
          long[] c = expected.computeIfAbsent(rule.getRuleId() + " " + rule.getMode(), k -> new long[3]);
          c[0]++;
          c[1] += fraud ? 1 : 0;
          c[2] += genuine ? 1 : 0;
        }
      }
      if (fraud && audit.getDecision().getOutcome() == Outcome.ALLOW) {
        allowed.merge(version + "\n" + truth.get(audit.getDecision().getTransactionId()).name(), 1L, Long::sum);
      }
    }
    RuleStats live = OutcomeStats.of(figures.snapshot());
    Map<String, RuleStats.Row> rows = live.rows().get(version);
    assertThat(rows.keySet()).isEqualTo(expected.keySet());
    expected.forEach((rule, c) -> assertThat(new long[] {rows.get(rule).hits(), rows.get(rule).fraud(),
        rows.get(rule).genuine()}).as(rule).containsExactly(c));
    assertThat(decided[1]).as("labelled fraud").isPositive();
    assertThat(decided[2]).as("labelled genuine").isPositive();
    assertThat(live.fraudAllowed()).isEqualTo(allowed).isNotEmpty();
    assertThat(live.jsonNode().get("rulesets").get(0).get("decisions").asLong()).isEqualTo(decided[0]);
    assertThat(live.jsonNode().get("rulesets").get(0).get("labelledFraud").asLong()).isEqualTo(decided[1]);
    assertThat(live.jsonNode().get("rulesets").get(0).get("labelledGenuine").asLong()).isEqualTo(decided[2]);

    // what 'riskgate rules stats' counts from the same topics agrees
    dev.riskgate.labels.Outcomes outcomes = new dev.riskgate.labels.Outcomes();
    all.forEach(outcomes::add);
    RuleStats command = new RuleStats(outcomes, null);
    audits.forEach(command::add);
    assertThat(live.jsonNode().get("rulesets")).isEqualTo(command.jsonNode().get("rulesets"));
    assertThat(labelDeadLetters.isEmpty()).isTrue();
  }

  @Test
  void aLabelLongAfterItsDecisionCountsWithinTheHorizonAndNotPastIt() {
    AuditEvent first = originalAt(0);
    AuditEvent second = originalAt(1);
    decide(first);
    decide(second);
    report(label(first, LabelKind.CHARGEBACK, "LOST_CARD", DAY.plus(Duration.ofDays(119))));
    // traffic 200 days on: the day's summaries are dropped (the window store keeps one to one and a half horizons)
    AuditEvent later = AuditEvent.newBuilder(originalAt(2)).build();
    later.getDecision().setEventTime(DAY.plus(Duration.ofDays(200)));
    decide(later);
    report(label(second, LabelKind.CHARGEBACK, "LOST_CARD", DAY.plus(Duration.ofDays(201))));
    long[] counts = figures.snapshot().get(OutcomeCounts.key(OutcomeCounts.DECISIONS,
        first.getDecision().getRulesetVersion()));
    assertThat(counts).containsExactly(3, 1, 0);
  }

  @Test
  void malformedLabelsAreDeadLetteredWithTheReasonAndCountNothing() {
    AuditEvent audit = originalAt(0);
    decide(audit);
    String card = audit.getDecision().getCardToken();
    String pan = BadInputs.pan(new Random(3), 16);
    rawLabelsIn.pipeInput(card.getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));
    rawLabelsIn.pipeInput(card.getBytes(StandardCharsets.UTF_8), (byte[]) null);
    FraudLabel good = label(audit, LabelKind.CONFIRMED_FRAUD, "SKIMMING", DAY.plus(Duration.ofDays(3)));
    labelsIn.pipeInput(audit.getDecision().getTransactionId(), good, DAY.plus(Duration.ofDays(3))); // keyed by id
    FraudLabel typed = label(audit, LabelKind.GENUINE, "SKIMMING", DAY.plus(Duration.ofDays(3)));
    report(typed);
    FraudLabel withPan = label(audit, LabelKind.CONFIRMED_FRAUD, null, DAY.plus(Duration.ofDays(3)));
    withPan.setSource("issuer " + pan);
    report(withPan);

    List<DeadLetter> letters = labelDeadLetters.readValuesToList();
    assertThat(letters).extracting(DeadLetter::getErrorKind).containsExactly(ErrorKind.UNKNOWN_MAGIC_BYTE,
        ErrorKind.MISSING_FIELD, ErrorKind.INVALID_KEY, ErrorKind.INVALID_FIELD, ErrorKind.PAN_DETECTED);
    assertThat(letters).allSatisfy(l -> assertThat(l.getSourceTopic()).isEqualTo(topics.fraudLabels().name()));
    assertThat(letters.get(2).getErrorMessage()).contains("the key must be the label's cardToken");
    assertThat(letters.get(3).getErrorMessage()).contains("fraudType given for a GENUINE label");
    assertThat(new String(letters.get(0).getValue().array(), StandardCharsets.UTF_8)).isEqualTo("not avro");
    assertThat(new String(letters.get(4).getValue().array(), StandardCharsets.ISO_8859_1)).doesNotContain(pan);
    long[] counts = figures.snapshot().get(OutcomeCounts.key(OutcomeCounts.DECISIONS,
        audit.getDecision().getRulesetVersion()));
    assertThat(counts).containsExactly(1, 0, 0);
  }

  private static AuditEvent originalAt(int index) {
    Set<String> seen = new HashSet<>();
    int found = 0;
    for (AuditEvent audit : audits) {
      if (!audit.getDecision().getRetry() && seen.add(audit.getDecision().getTransactionId()) && found++ == index) {
        return AuditEvent.newBuilder(audit).build();
      }
    }
    throw new IllegalStateException("the day has fewer originals");
  }
}
