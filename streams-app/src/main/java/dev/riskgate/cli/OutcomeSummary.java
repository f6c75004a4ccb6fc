package dev.riskgate.cli;

import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Counts of decisions by outcome and by reason, printed as one line. */
final class OutcomeSummary {
  private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
  private final Map<ReasonCode, Long> reasons = new EnumMap<>(ReasonCode.class);
  private long total;
  private long retries;

  void add(Decision decision) {
    total++;
    retries += decision.getRetry() ? 1 : 0;
    outcomes.merge(decision.getOutcome(), 1L, Long::sum);
    decision.getReasons().forEach(r -> reasons.merge(r, 1L, Long::sum));
  }

  long total() {
    return total;
  }

  long count(Outcome outcome) {
    return outcomes.getOrDefault(outcome, 0L);
  }

  long retries() {
    return retries;
  }

  Map<ReasonCode, Long> reasonCounts() {
    return java.util.Collections.unmodifiableMap(reasons);
  }

  /** Totals only: "20,233 decisions, 38 blocked (0.19%), 0 reviewed (0.00%)". */
  String brief() {
    long blocked = outcomes.getOrDefault(Outcome.BLOCK, 0L);
    long reviewed = outcomes.getOrDefault(Outcome.REVIEW, 0L);
    double base = Math.max(1, total);
    return String.format("%,d decisions, %,d blocked (%.2f%%), %,d reviewed (%.2f%%)", total, blocked,
        100.0 * blocked / base, reviewed, 100.0 * reviewed / base);
  }

  @Override
  public String toString() {
    if (total == 0) {
      return "no decisions";
    }
    String byOutcome = java.util.Arrays.stream(Outcome.values())
        .map(o -> String.format("%s %,d (%.2f%%)", o, outcomes.getOrDefault(o, 0L),
            100.0 * outcomes.getOrDefault(o, 0L) / total))
        .collect(Collectors.joining(", "));
    String byReason = reasons.entrySet().stream()
        .sorted(Map.Entry.<ReasonCode, Long>comparingByValue().reversed())
        .limit(4)
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
    return String.format("%,d decisions: %s; %d retries%s", total, byOutcome, retries,
        byReason.isEmpty() ? "" : "; top reasons " + byReason);
  }
}
