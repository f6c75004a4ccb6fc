package dev.riskgate.runtime.metrics;

import dev.riskgate.schema.Decision;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.screening.ScreeningRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Screening meters on /metrics:
 * <ul>
 *   <li>{@code riskgate_decisions_total{outcome,retry}} and {@code riskgate_decision_reasons_total{outcome,reason}};
 *   <li>{@code riskgate_decision_latency_seconds} histogram: record timestamp to decision emitted (the decision is
 *       visible to read_committed consumers one commit later), for records at most an hour old;
 *   <li>{@code riskgate_merchant_arrival_seconds} histogram: record timestamp to the transaction reaching the merchant
 *       side (card side, card-task commit, hop topic), and {@code riskgate_merchant_hold_seconds}: how long it then
 *       waited there for every card task's watermark; with the decision latency they tell where a decision waits;
 *   <li>{@code riskgate_dead_letters_total{kind}};
 *   <li>{@code riskgate_ruleset_active{version}} = 1 for the ruleset of the last original decision;
 *   <li>{@code riskgate_merchant_late_transactions_total}: transactions decided out of event-time order (retries,
 *       answered from their original's decision, are not counted);
 *   <li>{@code riskgate_merchant_silent_upstreams_total}: card tasks a merchant partition stopped waiting for, silent
 *       past 30 s (a failure, a long rebalance);
 *   <li>{@code riskgate_rulesets_refused_total}: published rulesets refused, the one in force staying;
 *   <li>{@code riskgate_status_changes_late_total}: status changes that arrived after a transaction they cover was
 *       decided (the decision stands; a replay through {@code riskgate replay} never produces one).
 * </ul>
 * Counters are looked up once per tag combination and kept in maps: the processor calls this per record.
 */
public final class ScreeningMeters implements ScreeningRecorder {
  static final String DECISIONS = "riskgate.decisions";
  static final String REASONS = "riskgate.decision.reasons";
  static final String LATENCY = "riskgate.decision.latency";
  static final String ARRIVAL = "riskgate.merchant.arrival";
  static final String HOLD = "riskgate.merchant.hold";
  static final String DEAD_LETTERS = "riskgate.dead.letters";
  static final String RULESET = "riskgate.ruleset.active";
  static final String LATE_STATUS_CHANGES = "riskgate.status.changes.late";
  static final String REFUSED_RULESETS = "riskgate.rulesets.refused";
  static final String LATE_TRANSACTIONS = "riskgate.merchant.late.transactions";
  static final String SILENT_UPSTREAMS = "riskgate.merchant.silent.upstreams";
  /** Older records are a replay or a backlog: their age says nothing of the app's latency (and overflows the sum). */
  private static final long LATENCY_HORIZON_MS = 3_600_000L;
  /** Buckets from a fast decision to a backlog; a replay of old timestamps lands in +Inf and says so. */
  private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

  private final MeterRegistry registry;
  private final Map<Outcome, Counter> originals = new EnumMap<>(Outcome.class);
  private final Map<Outcome, Counter> retries = new EnumMap<>(Outcome.class);
  // created on first use: most outcome and reason pairs never occur, and a series of zeros is noise to every scrape
  private final Map<Outcome, Map<ReasonCode, Counter>> reasons = new EnumMap<>(Outcome.class);
  private final Map<ErrorKind, Counter> deadLetters = new EnumMap<>(ErrorKind.class);
  private final Timer latency;
  private final Timer arrival;
  private final Timer hold;
  private final Counter lateStatusChanges;
  private final Counter refusedRulesets;
  private final Counter lateTransactions;
  private final Counter silentUpstreams;
  private volatile String rulesetVersion;
  private Gauge rulesetGauge;

  public ScreeningMeters(MeterRegistry registry) {
    this.registry = registry;
    for (Outcome outcome : Outcome.values()) {
      originals.put(outcome, decisions(outcome, false));
      retries.put(outcome, decisions(outcome, true));
      reasons.put(outcome, new ConcurrentHashMap<>());
    }
    for (ErrorKind kind : ErrorKind.values()) {
      deadLetters.put(kind, Counter.builder(DEAD_LETTERS).description("Records refused to the dead-letter topic")
          .tag("kind", kind.name()).register(registry));
    }
    latency = stage(LATENCY, "Record timestamp (the transaction's event time) to decision emitted");
    arrival = stage(ARRIVAL,
        "Record timestamp to the transaction reaching the merchant side (card side, its commit, the hop)");
    hold = stage(HOLD, "Time a transaction waited on the merchant side for every card task to pass its event time");
    lateStatusChanges = Counter.builder(LATE_STATUS_CHANGES)
        .description("Status changes that arrived after a transaction they cover was decided (that decision stands)")
        .register(registry);
    lateTransactions = Counter.builder(LATE_TRANSACTIONS)
        .description("Transactions the merchant side decided out of event-time order (they came after later ones)")
        .register(registry);
    silentUpstreams = Counter.builder(SILENT_UPSTREAMS)
        .description("Card tasks a merchant partition stopped waiting for after their silence passed the timeout")
        .register(registry);
    refusedRulesets = Counter.builder(REFUSED_RULESETS)
        .description("Published rulesets refused (the one in force stayed); GET /api/ruleset says why")
        .register(registry);
  }

  /** A histogram of one stage of a decision's way, on the latency buckets. */
  private Timer stage(String name, String description) {
    return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
  }

  /** Records a record's age at a stage, unless it is a replay's or a backlog's (older than the horizon). */
  private static void recordAge(Timer timer, long ageMs) {
    if (ageMs <= LATENCY_HORIZON_MS) {
      timer.record(Math.max(0, ageMs), TimeUnit.MILLISECONDS);
    }
  }

  private Counter decisions(Outcome outcome, boolean retry) {
    return Counter.builder(DECISIONS).description("Decisions emitted; retry=true repeats an earlier decision")
        .tag("outcome", outcome.name()).tag("retry", String.valueOf(retry)).register(registry);
  }

  @Override
  public void decided(Decision decision, long recordTimestampMs, long nowMs) {
    Outcome outcome = decision.getOutcome();
    recordAge(latency, nowMs - recordTimestampMs);
    if (decision.getRetry()) {
      retries.get(outcome).increment();
      return; // a repeat is not a new finding: its reasons were counted with the original
    }
    originals.get(outcome).increment();
    Map<ReasonCode, Counter> byReason = reasons.get(outcome);
    for (ReasonCode reason : decision.getReasons()) {
      byReason.computeIfAbsent(reason, r -> Counter.builder(REASONS).description("Reason codes of emitted decisions")
          .tag("outcome", outcome.name()).tag("reason", r.name()).register(registry)).increment();
    }
    String version = decision.getRulesetVersion();
    if (!version.equals(rulesetVersion)) {
      rulesetInForce(version);
    }
  }

  @Override
  public void hopArrived(long eventTimeMs, long nowMs) {
    recordAge(arrival, nowMs - eventTimeMs);
  }

  @Override
  public void hopHeld(long heldMs) {
    hold.record(Math.max(0, heldMs), TimeUnit.MILLISECONDS);
  }

  @Override
  public void deadLettered(ErrorKind kind) {
    deadLetters.get(kind).increment();
  }

  @Override
  public void lateTransaction() {
    lateTransactions.increment();
  }

  @Override
  public void silentUpstream() {
    silentUpstreams.increment();
  }

  @Override
  public void rulesetRefused() {
    refusedRulesets.increment();
  }

  @Override
  public void lateStatusChange() {
    lateStatusChanges.increment();
  }

  /** One series for the version in force: the previous one is removed, so a dashboard shows a single line. */
  private synchronized void rulesetInForce(String version) {
    if (version.equals(rulesetVersion)) {
      return;
    }
    if (rulesetGauge != null) {
      registry.remove(rulesetGauge);
    }
    rulesetGauge = Gauge.builder(RULESET, () -> 1).description("The ruleset version in force (value 1)")
        .tag("version", version).register(registry);
    rulesetVersion = version;
  }
}
