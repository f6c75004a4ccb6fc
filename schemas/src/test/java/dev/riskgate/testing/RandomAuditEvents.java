package dev.riskgate.testing;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.RuleMode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Audit events with every field drawn at random, for holding hand-written coders to Avro's own. */
public final class RandomAuditEvents {
  private static final double[] ODD_DOUBLES = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300};
  private static final String[] TEXTS = {"", "a", "merchant-0042", "café", "€ 12", "日本", "x".repeat(200)};

  private RandomAuditEvents() {}

  /** An event with every field drawn from {@code r}: odd texts and doubles, empty and long lists, nulls. */
  public static AuditEvent next(Random r) {
    boolean retry = r.nextInt(4) == 0;
    List<ReasonCode> reasons = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      reasons.add(pick(r, ReasonCode.values()));
    }
    Decision decision = Decision.newBuilder().setTransactionId(text(r)).setCardToken(text(r))
        .setOutcome(pick(r, Outcome.values())).setResponseCode(text(r)).setRetryable(r.nextBoolean())
        .setReasons(reasons).setScore(r.nextInt()).setRulesetVersion(text(r)).setEventTime(instant(r))
        .setDecidedAt(instant(r)).setRetry(retry).build();
    Transaction tx = Transaction.newBuilder().setTransactionId(text(r)).setCardToken(text(r))
        .setAccountId(text(r)).setMerchantId(text(r)).setTerminalId(text(r)).setMcc(text(r))
        .setAmountMinor(r.nextLong()).setCurrency(text(r)).setEntryMode(pick(r, EntryMode.values()))
        .setEventTime(instant(r)).setCountry(text(r)).setLatitude(r.nextBoolean() ? null : number(r))
        .setLongitude(r.nextBoolean() ? null : number(r)).setAcquirerId(text(r)).build();
    List<RuleEvaluation> rules = new ArrayList<>();
    for (int i = r.nextInt(25); i > 0; i--) {
      rules.add(RuleEvaluation.newBuilder().setRuleId(text(r)).setRuleVersion(text(r))
          .setMode(pick(r, RuleMode.values())).setFired(r.nextBoolean())
          .setObserved(r.nextBoolean() ? null : number(r)).setThreshold(r.nextBoolean() ? null : number(r))
          .setReason(pick(r, ReasonCode.values())).build());
    }
    List<StatusCheck> statuses = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      statuses.add(new StatusCheck(pick(r, EntityType.values()), text(r), pick(r, Status.values()),
          r.nextBoolean() ? null : instant(r)));
    }
    Map<String, Double> features = new LinkedHashMap<>();
    for (int i = r.nextInt(40); i > 0; i--) {
      features.put(text(r) + i, number(r));
    }
    return AuditEvent.newBuilder().setDecision(decision).setTransaction(tx).setRules(rules).setStatuses(statuses)
        .setFeatures(features).setInputTopic(text(r)).setInputPartition(r.nextInt())
        .setInputOffset(r.nextLong()).setOriginalPartition(r.nextBoolean() ? null : r.nextInt())
        .setOriginalOffset(r.nextBoolean() ? null : r.nextLong()).setInstanceId(text(r)).setAppVersion(text(r))
        .setShadowOutcome(r.nextBoolean() ? null : pick(r, Outcome.values()))
        .setShadowScore(r.nextBoolean() ? null : r.nextInt()).build();
  }

  private static String text(Random r) {
    return TEXTS[r.nextInt(TEXTS.length)];
  }

  private static double number(Random r) {
    return r.nextInt(5) == 0 ? ODD_DOUBLES[r.nextInt(ODD_DOUBLES.length)] : r.nextGaussian() * 1e6;
  }

  private static Instant instant(Random r) {
    return Instant.ofEpochMilli(r.nextLong() >> 20);
  }

  private static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }
}
