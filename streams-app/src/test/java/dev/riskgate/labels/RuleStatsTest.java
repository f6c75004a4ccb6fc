package dev.riskgate.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.detection.DetectionReport;
import dev.riskgate.generate.Label;
import dev.riskgate.generate.LabelledDay;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.LabelKind;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.RuleEvaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule statistics over a screened day whose outcomes are known (the generator's labels), against a count made here
 * independently: labels before and long after their decision, for unknown transactions, twice, and conflicting.
 */
class RuleStatsTest {
  private static final Instant DAY = Instant.parse("2026-06-01T00:00:00Z");
  /** Every audit event of the day, retries included, and the label each transaction really had. */
  private static final List<AuditEvent> audits = new ArrayList<>();
  private static final Map<String, Label> truth = new HashMap<>();

  @BeforeAll
  static void screenADay() {
    List<LabelledDay.Labelled> day = LabelledDay.generate(3, DAY.toEpochMilli(), 20_000, 10, 4_000, 400,
        Duration.ofDays(1));
    DetectionReport.screen(Rulesets.defaultRuleset(), day, (labelled, audit) -> {
      truth.putIfAbsent(audit.getDecision().getTransactionId(), labelled.label());
      audits.add(audit);
    });
  }

  private static FraudLabel label(String id, LabelKind kind, String type, Instant at) {
    return new FraudLabel(id, "tok_x", kind, type, kind == LabelKind.CHARGEBACK ? "10.4" : null, "test", at);
  }

  @Test
  void everyRuleIsCountedAgainstTheLabelsInForceAsCountedHere() {
    Random random = new Random(5);
    Outcomes outcomes = new Outcomes();
    Map<String, LabelKind> inForce = new HashMap<>();
    Instant decided = DAY.plus(Duration.ofDays(1));
    for (AuditEvent audit : audits) {
      String id = audit.getDecision().getTransactionId();
      if (audit.getDecision().getRetry() || inForce.containsKey(id)) {
        continue;
      }
      Label real = truth.get(id);
      LabelKind kind;
      if (real.isFraud()) {
        kind = random.nextBoolean() ? LabelKind.CONFIRMED_FRAUD : LabelKind.CHARGEBACK;
      } else if (audit.getDecision().getOutcome() != Outcome.ALLOW) {
        kind = LabelKind.FALSE_POSITIVE;
      } else if (random.nextInt(10) == 0) {
        kind = LabelKind.GENUINE;
      } else {
        continue; // most genuine payments are never labelled
      }
      // chargebacks up to 120 days later; some labels reach the topic before the decision is read
      Instant reported = decided.plus(Duration.ofDays(random.nextInt(120)));
      FraudLabel label = label(id, kind, real.isFraud() ? real.name() : null, reported);
      outcomes.add(label);
      inForce.put(id, kind);
      if (random.nextInt(20) == 0) {
        outcomes.add(label); // reported twice: counts once
      }
      if (random.nextInt(25) == 0 && !real.isFraud()) {
        // an analyst first said fraud, the issuer later said genuine: the later stands
        outcomes.add(label(id, LabelKind.CONFIRMED_FRAUD, "ANALYST_GUESS", reported.minus(Duration.ofDays(1))));
      }
    }
    for (int i = 0; i < 7; i++) {
      outcomes.add(label("tx_never_decided_" + i, LabelKind.CHARGEBACK, null, decided)); // unknown transactions
    }
    RuleStats stats = new RuleStats(outcomes, null);
    audits.forEach(stats::add);
    audits.stream().limit(500).forEach(stats::add); // read twice (a rerun of the range): counted once

    // the independent count: every original decision once, its fired rules against the label in force
    Map<String, long[]> expected = new HashMap<>();
    Map<String, Long> allowedFraud = new HashMap<>();
    java.util.Set<String> counted = new java.util.HashSet<>();
    String version = Rulesets.defaultRuleset().version();
    for (AuditEvent audit : audits) {
      String id = audit.getDecision().getTransactionId();
      if (audit.getDecision().getRetry() || !counted.add(id)) {
        continue;
      }
      LabelKind kind = inForce.get(id);
      boolean fraud = kind == LabelKind.CONFIRMED_FRAUD || kind == LabelKind.CHARGEBACK;
      for (RuleEvaluation rule : audit.getRules()) {
        if (rule.getFired()) {
          long[] c = expected.computeIfAbsent(rule.getRuleId() + " " + rule.getMode(), k -> new long[3]);
          c[0]++;
          c[1] += fraud ? 1 : 0;
          c[2] += kind != null && !fraud ? 1 : 0;
        }
      }
      if (fraud && audit.getDecision().getOutcome() == Outcome.ALLOW) {
        allowedFraud.merge(version + "\n" + truth.get(id).name(), 1L, Long::sum);
      }
    }
    Map<String, RuleStats.Row> rows = stats.rows().get(version);
    assertThat(rows.keySet()).isEqualTo(expected.keySet());
    expected.forEach((rule, c) -> {
      RuleStats.Row row = rows.get(rule);
      assertThat(new long[] {row.hits(), row.fraud(), row.genuine()}).as(rule).containsExactly(c);
    });
    assertThat(expected.values().stream().mapToLong(c -> c[1]).sum()).as("labelled fraud was hit").isPositive();
    assertThat(expected.values().stream().mapToLong(c -> c[2]).sum()).as("labelled genuine was hit").isPositive();
    assertThat(stats.fraudAllowed()).isEqualTo(allowedFraud);
    assertThat(stats.labelsWithoutDecision()).isEqualTo(7);
    assertThat(outcomes.repeated()).isPositive();
    assertThat(outcomes.replaced()).isPositive();
    assertThat(stats.json()).contains("\"labelsWithoutDecision\":7");
    assertThat(stats.table()).contains("ruleset " + version).contains("precision");
  }

  @Test
  void aConflictingLabelReplacesTheEarlierAndARepeatedOneCountsOnce() {
    Outcomes outcomes = new Outcomes();
    Instant t = Instant.parse("2026-07-01T00:00:00Z");
    outcomes.add(label("tx_1", LabelKind.CONFIRMED_FRAUD, null, t));
    outcomes.add(label("tx_1", LabelKind.CONFIRMED_FRAUD, "COUNTERFEIT_ABROAD", t.plusSeconds(60)));
    assertThat(outcomes.of("tx_1").getFraudType()).as("a later report names the type").isEqualTo("COUNTERFEIT_ABROAD");
    outcomes.add(label("tx_1", LabelKind.GENUINE, null, t.plusSeconds(120)));
    assertThat(outcomes.of("tx_1").getLabel()).isEqualTo(LabelKind.GENUINE);
    outcomes.add(label("tx_1", LabelKind.CHARGEBACK, null, t.minusSeconds(60)));
    assertThat(outcomes.of("tx_1").getLabel()).as("an older report arriving late does not win")
        .isEqualTo(LabelKind.GENUINE);
    assertThat(outcomes.repeated()).isEqualTo(1);
    assertThat(outcomes.replaced()).isEqualTo(2);
  }
}
