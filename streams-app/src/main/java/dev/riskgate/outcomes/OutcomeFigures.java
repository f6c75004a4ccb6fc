package dev.riskgate.outcomes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome figures of the partitions this instance runs (active tasks only), summed: what /metrics shows and what
 * this instance contributes when the analyst API adds up every instance. A partition that moves to another instance
 * leaves with its task; Prometheus sums the instances ({@code sum by (ruleset, rule, mode)}).
 *
 * <p>Gauges: {@code riskgate_outcome_decisions{ruleset}}, {@code riskgate_outcome_labelled{ruleset,verdict}},
 * {@code riskgate_rule_hits{ruleset,rule,mode}}, {@code riskgate_rule_labelled{ruleset,rule,mode,verdict}},
 * {@code riskgate_rule_precision{ruleset,rule,mode}} (NaN until a hit is labelled) and
 * {@code riskgate_outcome_fraud_allowed{ruleset,fraud_type}}.
 */
public final class OutcomeFigures {
  private static final Logger log = LoggerFactory.getLogger(OutcomeFigures.class);
  /** Fraud types are the reporters' words: past this many series, new ones are left to the API and the CLI. */
  static final int MAX_FRAUD_TYPE_SERIES = 200;
  private final Map<Integer, Map<String, long[]>> byPartition = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final Set<String> metered = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger fraudTypeSeries = new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicBoolean warnedTypes = new AtomicBoolean();

  /** Figures served on {@code registry}; null: kept for the API only. */
  public OutcomeFigures(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Figures not on any registry (tests, tools). */
  public static OutcomeFigures unmetered() {
    return new OutcomeFigures(null);
  }

  void attach(int partition, Map<String, long[]> counts) {
    byPartition.put(partition, counts);
  }

  void detach(int partition, Map<String, long[]> counts) {
    byPartition.remove(partition, counts);
  }

  /** The partitions counted here. */
  public Set<Integer> partitions() {
    return Set.copyOf(byPartition.keySet());
  }

  /** Every key summed over this instance's partitions (keys as in {@link OutcomeCounts}). */
  public Map<String, long[]> snapshot() {
    Map<String, long[]> sum = new TreeMap<>();
    for (Map<String, long[]> counts : byPartition.values()) {
      counts.forEach((key, c) -> {
        long[] total = sum.computeIfAbsent(key, k -> new long[3]);
        for (int i = 0; i < 3; i++) {
          total[i] += c[i];
        }
      });
    }
    return sum;
  }

  private double sum(String key, int column) {
    long total = 0;
    for (Map<String, long[]> counts : byPartition.values()) {
      long[] c = counts.get(key);
      total += c == null ? 0 : c[column];
    }
    return total;
  }

  /** Registers the gauges of a key the first time any task counts it. */
  void noticed(String key) {
    if (registry == null || !metered.add(key)) {
      return;
    }
    String[] parts = key.split("\t", -1);
    switch (parts[0]) {
      case OutcomeCounts.DECISIONS -> {
        Tags tags = Tags.of("ruleset", parts[1]);
        gauge("riskgate.outcome.decisions", "Original decisions per ruleset version, counted for outcomes", tags,
            key, 0);
        gauge("riskgate.outcome.labelled", "Original decisions labelled fraud or genuine", tags.and("verdict",
            "fraud"), key, 1);
        gauge("riskgate.outcome.labelled", "Original decisions labelled fraud or genuine", tags.and("verdict",
            "genuine"), key, 2);
      }
      case OutcomeCounts.RULE -> {
        Tags tags = Tags.of("ruleset", parts[1], "rule", parts[2], "mode", parts[3]);
        gauge("riskgate.rule.hits", "Original decisions the rule fired on", tags, key, 0);
        gauge("riskgate.rule.labelled", "Hits of the rule labelled fraud or genuine", tags.and("verdict", "fraud"),
            key, 1);
        gauge("riskgate.rule.labelled", "Hits of the rule labelled fraud or genuine", tags.and("verdict", "genuine"),
            key, 2);
        Gauge.builder("riskgate.rule.precision", this, f -> {
          double fraud = f.sum(key, 1);
          double labelled = fraud + f.sum(key, 2);
          return labelled == 0 ? Double.NaN : fraud / labelled;
        }).description("Labelled fraud over labelled hits of the rule").tags(tags).register(registry);
      }
      case OutcomeCounts.FRAUD_ALLOWED -> {
        if (fraudTypeSeries.incrementAndGet() > MAX_FRAUD_TYPE_SERIES) {
          if (warnedTypes.compareAndSet(false, true)) {
            log.warn("More than {} fraud types in labels: further ones are not on /metrics (the analyst API and "
                + "'riskgate rules stats' show them all)", MAX_FRAUD_TYPE_SERIES);
          }
          return;
        }
        gauge("riskgate.outcome.fraud.allowed", "Labelled fraud decided ALLOW, by fraud type",
            Tags.of("ruleset", parts[1], "fraud_type", parts[2]), key, 0);
      }
      default -> { }
    }
  }

  private void gauge(String name, String description, Tags tags, String key, int column) {
    Gauge.builder(name, this, f -> f.sum(key, column)).description(description).tags(tags).register(registry);
  }
}
