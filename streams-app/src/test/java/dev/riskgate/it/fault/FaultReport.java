package dev.riskgate.it.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of a fault run: what went in, what came out, what was lost or duplicated, whether the decisions equal
 * a fault-free backtest, and, per fault, how long it lasted, how many transactions were sent meanwhile, how long it
 * took from its start until every transaction sent before its end was decided (visible read_committed), and the
 * longest any single transaction sent around then waited for its decision.
 */
public final class FaultReport {
  /** A fault from its start to the end of its action (an instance back, the broker up, the registry outage over). */
  record Fault(String name, long startedAt, long endedAt, long recoveredAt) {}

  private final List<Fault> faults = new ArrayList<>();

  Fault fault(String name, long startedAt, long endedAt, long recoveredAt) {
    Fault fault = new Fault(name, startedAt, endedAt, recoveredAt);
    faults.add(fault);
    return fault;
  }

  /** Transactions first sent between the fault's start and end. */
  static long sentDuring(Fault f, Map<String, Long> sentAt) {
    return sentAt.values().stream().filter(t -> t >= f.startedAt() && t <= f.endedAt()).count();
  }

  /**
   * The longest stretch from the fault's start to its recovery in which no new decision became visible, in ms: a
   * stall, as opposed to a backlog, which a loaded machine builds up while decisions keep coming.
   */
  static long longestGap(Fault f, DecisionLedger ledger) {
    long[] seen = ledger.entries().values().stream().mapToLong(e -> e.firstSeenAt)
        .filter(t -> t > f.startedAt() && t < f.recoveredAt()).sorted().toArray();
    long previous = f.startedAt();
    long longest = 0;
    for (long t : seen) {
      longest = Math.max(longest, t - previous);
      previous = t;
    }
    return Math.max(longest, f.recoveredAt() - previous);
  }

  /** How long one transaction waited for its decision, and when it was sent. */
  record Wait(long sentAt, long waitedMs) {}

  /**
   * The longest wait for a decision of a transaction sent from 1 s before the fault until its recovery. One still
   * undecided when the next fault began is left out: sent just before this recovery, it waited for the next fault.
   */
  Wait longestWait(Fault f, Map<String, Long> sentAt, DecisionLedger ledger) {
    int next = faults.indexOf(f) + 1;
    long nextFaultAt = next < faults.size() ? faults.get(next).startedAt() : Long.MAX_VALUE;
    Wait longest = new Wait(f.startedAt(), 0);
    for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
      DecisionLedger.Entry e = ledger.entries().get(sent.getKey());
      long at = sent.getValue();
      if (e != null && at >= f.startedAt() - 1_000 && at <= f.recoveredAt() && e.firstSeenAt < nextFaultAt
          && e.firstSeenAt - at > longest.waitedMs()) {
        longest = new Wait(at, e.firstSeenAt - at);
      }
    }
    return longest;
  }

  int faultCount() {
    return faults.size();
  }

  /**
   * Per input record, counted per transactionId ({@code input}: the records the input topic holds): lost = records
   * without a decision or audit event (or no original among them), duplicated = decisions or audit events beyond the
   * records (a second original included).
   */
  public record Accounting(long transactions, long records, long decisions, long deadLetters, long lost, long duplicated,
      long unexpected) {}

  public static Accounting account(Map<String, Integer> input, DecisionLedger ledger) {
    long lost = 0;
    long duplicated = 0;
    for (Map.Entry<String, Integer> record : input.entrySet()) {
      DecisionLedger.Entry e = ledger.entries().get(record.getKey());
      int n = record.getValue();
      int decided = e == null ? 0 : e.originals + e.retries;
      int audited = e == null ? 0 : e.originalAudits + e.retryAudits;
      long missing = Math.max(Math.max(0, n - decided), Math.max(0, n - audited));
      lost += missing == 0 && e.originals == 0 ? 1 : missing;
      duplicated += Math.max(0, decided - n) + Math.max(0, audited - n);
    }
    long unexpected = ledger.entries().keySet().stream().filter(id -> !input.containsKey(id)).count();
    long records = input.values().stream().mapToLong(Integer::longValue).sum();
    return new Accounting(input.size(), records, ledger.decisions(), ledger.deadLetters(), lost, duplicated,
        unexpected);
  }

  /** Markdown: the accounting, the comparison with the backtest, then one row per fault. */
  String render(Accounting a, FaultFreeBacktest.Agreement agreement, Map<String, Long> sentAt, DecisionLedger ledger,
      String settings) {
    StringBuilder out = new StringBuilder();
    out.append(settings).append("\n\n");
    out.append("| transactions | records (with retries) | decisions | dead letters | faults | lost | duplicated |"
        + " unexpected |\n|---|---|---|---|---|---|---|---|\n");
    out.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d | %d | %d | %d | %d |%n%n", a.transactions(),
        a.records(), a.decisions(), a.deadLetters(), faults.size(), a.lost(), a.duplicated(), a.unexpected()));
    out.append(String.format(Locale.ROOT, "Decisions equal to the backtest: %,d of %,d (%,d retries, %,d originals"
        + " with reasons)%n", agreement.equal(), agreement.compared(), agreement.retries(), agreement.withReasons()));
    agreement.mismatches().forEach(m -> out.append("- ").append(m).append('\n'));
    out.append("\n| fault | at (s) | lasted (s) | sent meanwhile | recovered after (s) | no decision for (s) |"
        + " longest wait (s) | its send at (s) |\n|---|---|---|---|---|---|---|---|\n");
    long first = faults.isEmpty() ? 0 : faults.get(0).startedAt();
    for (Fault f : faults) {
      Wait longest = longestWait(f, sentAt, ledger);
      out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %,d | %.1f | %.1f | %.1f | %+.1f |%n", f.name(),
          (f.startedAt() - first) / 1000.0, (f.endedAt() - f.startedAt()) / 1000.0, sentDuring(f, sentAt),
          (f.recoveredAt() - f.startedAt()) / 1000.0, longestGap(f, ledger) / 1000.0, longest.waitedMs() / 1000.0,
          (longest.sentAt() - f.startedAt()) / 1000.0));
    }
    return out.toString();
  }
}
