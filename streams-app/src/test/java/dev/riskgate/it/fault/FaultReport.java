package dev.riskgate.it.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of a fault run: what went in, what came out, what was lost or duplicated, and, per fault, how long it
 * took until every transaction sent before the fault's action ended was decided (visible read_committed), and the
 * longest any single transaction sent around then waited for its decision.
 */
final class FaultReport {
  record Fault(String name, long startedAt, long recoveredAt) {}

  private final List<Fault> faults = new ArrayList<>();

  void fault(String name, long startedAt, long recoveredAt) {
    faults.add(new Fault(name, startedAt, recoveredAt));
  }

  int faultCount() {
    return faults.size();
  }

  /**
   * Per input record, counted per transactionId: lost = sends without a decision or audit event (or no original
   * among them), duplicated = decisions or audit events beyond the sends (a second original included).
   */
  record Accounting(long transactions, long records, long decisions, long deadLetters, long lost, long duplicated,
      long unexpected) {}

  static Accounting account(Map<String, Integer> sends, DecisionLedger ledger) {
    long lost = 0;
    long duplicated = 0;
    for (Map.Entry<String, Integer> sent : sends.entrySet()) {
      DecisionLedger.Entry e = ledger.entries().get(sent.getKey());
      int n = sent.getValue();
      int decided = e == null ? 0 : e.originals + e.retries;
      int audited = e == null ? 0 : e.originalAudits + e.retryAudits;
      long missing = Math.max(Math.max(0, n - decided), Math.max(0, n - audited));
      lost += missing == 0 && e.originals == 0 ? 1 : missing;
      duplicated += Math.max(0, decided - n) + Math.max(0, audited - n);
    }
    long unexpected = ledger.entries().keySet().stream().filter(id -> !sends.containsKey(id)).count();
    long records = sends.values().stream().mapToLong(Integer::longValue).sum();
    return new Accounting(sends.size(), records, ledger.decisions(), ledger.deadLetters(), lost, duplicated,
        unexpected);
  }

  /** Markdown: the accounting, then one row per fault with the longest wait and the recovery time. */
  String render(Accounting a, Map<String, Long> sentAt, DecisionLedger ledger, String settings) {
    StringBuilder out = new StringBuilder();
    out.append(settings).append("\n\n");
    out.append("| transactions | records (with retries) | decisions | dead letters | faults | lost | duplicated |"
        + " unexpected |\n|---|---|---|---|---|---|---|---|\n");
    out.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d | %d | %d | %d | %d |%n%n", a.transactions(),
        a.records(), a.decisions(), a.deadLetters(), faults.size(), a.lost(), a.duplicated(), a.unexpected()));
    out.append("| fault | at (s) | recovered after (s) | longest wait (s) |\n|---|---|---|---|\n");
    long first = faults.isEmpty() ? 0 : faults.get(0).startedAt();
    for (Fault f : faults) {
      long longest = 0;
      for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
        DecisionLedger.Entry e = ledger.entries().get(sent.getKey());
        if (e != null && sent.getValue() >= f.startedAt() - 1_000 && sent.getValue() <= f.recoveredAt()) {
          longest = Math.max(longest, e.firstSeenAt - sent.getValue());
        }
      }
      out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", f.name(),
          (f.startedAt() - first) / 1000.0, (f.recoveredAt() - f.startedAt()) / 1000.0, longest / 1000.0));
    }
    return out.toString();
  }
}
