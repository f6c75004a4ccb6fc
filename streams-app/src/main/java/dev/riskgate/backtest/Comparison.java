package dev.riskgate.backtest;

import dev.riskgate.decision.FiredRules;
import dev.riskgate.labels.LabelVocabulary;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.RuleMode;
import dev.riskgate.topology.OfflineScreening.Screened;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The diff of a baseline and a candidate ruleset over the same transactions: outcome counts and transitions, counts
 * by reason and by rule, and, where transactions carry labels, recall and false-positive rates side by side. Only
 * original decisions are counted; a retry repeats its original's answer. Every table is sorted, so the same input
 * gives the same report, byte for byte.
 */
final class Comparison {
  private static final int BASE = 0;
  private static final int CAND = 1;
  private static final String LEGIT = LabelVocabulary.GENUINE;

  private final String baselineVersion;
  private final String candidateVersion;
  private final long[][] outcomes = new long[2][Outcome.values().length];
  private final long[][] transitions = new long[Outcome.values().length][Outcome.values().length];
  private long reasonsChanged;
  private long retries;
  private final Map<ReasonCode, long[]> reasons = new EnumMap<>(ReasonCode.class);
  /** Per rule id: hits and mode on each side; sorted when the report is written. */
  private final Map<String, RuleTally> rules = new HashMap<>();
  private final RuleLayout[] layouts = new RuleLayout[2];
  /** label -> [side][transactions, blocked, reviewed] */
  private final Map<String, long[][]> labels = new TreeMap<>();
  private final Map<ErrorKind, Long> deadLetters = new EnumMap<>(ErrorKind.class);
  private final Map<ErrorKind, Long> unreadable = new EnumMap<>(ErrorKind.class);

  Comparison(String baselineVersion, String candidateVersion) {
    this.baselineVersion = baselineVersion;
    this.candidateVersion = candidateVersion;
  }

  /** Whether the two decisions differ in anything a merchant or analyst would see. */
  static boolean differ(Decision baseline, Decision candidate) {
    return baseline.getOutcome() != candidate.getOutcome()
        || !baseline.getResponseCode().equals(candidate.getResponseCode())
        || !baseline.getReasons().equals(candidate.getReasons());
  }

  /** {@code label}: the transaction's bucket ({@link LabelVocabulary}), null when it has none. */
  void add(Screened baseline, Screened candidate, String label) {
    Decision b = baseline.decision();
    Decision c = candidate.decision();
    if (b.getRetry()) {
      retries++;
      return;
    }
    outcomes[BASE][b.getOutcome().ordinal()]++;
    outcomes[CAND][c.getOutcome().ordinal()]++;
    transitions[b.getOutcome().ordinal()][c.getOutcome().ordinal()]++;
    if (b.getOutcome() == c.getOutcome() && differ(b, c)) {
      reasonsChanged++;
    }
    count(BASE, baseline);
    count(CAND, candidate);
    if (label != null) {
      long[][] tally = labels.computeIfAbsent(label, l -> new long[2][3]);
      tallyLabel(tally[BASE], b.getOutcome());
      tallyLabel(tally[CAND], c.getOutcome());
    }
  }

  void deadLetter(ErrorKind kind) {
    deadLetters.merge(kind, 1L, Long::sum);
  }

  void unreadable(ErrorKind kind) {
    unreadable.merge(kind, 1L, Long::sum);
  }

  private void count(int side, Screened screened) {
    Decision decision = screened.decision();
    for (ReasonCode reason : decision.getReasons()) {
      reasons.computeIfAbsent(reason, r -> new long[2])[side]++;
    }
    RuleLayout layout = layouts[side];
    FiredRules fired = screened.fired();
    if (layout == null || layout.tallies.length != fired.evaluated()
        || !layout.rulesetVersion.equals(decision.getRulesetVersion())) {
      layout = layouts[side] = layout(side, decision.getRulesetVersion(), screened.audit().getRules());
    }
    for (int index : fired.indexes()) {
      layout.tallies[index].hits[side]++;
    }
  }

  /**
   * The tallies of one ruleset's rules in the order it evaluates them, so that counting a decision's hits touches only
   * the rules that fired: a ruleset version always evaluates the same rules in the same order.
   */
  private RuleLayout layout(int side, String rulesetVersion, List<RuleEvaluation> evaluations) {
    RuleTally[] tallies = new RuleTally[evaluations.size()];
    for (int i = 0; i < tallies.length; i++) {
      RuleEvaluation rule = evaluations.get(i);
      tallies[i] = rules.computeIfAbsent(rule.getRuleId(), r -> new RuleTally());
      tallies[i].modes[side] = rule.getMode();
    }
    return new RuleLayout(rulesetVersion, tallies);
  }

  private record RuleLayout(String rulesetVersion, RuleTally[] tallies) {}

  private static void tallyLabel(long[] tally, Outcome outcome) {
    tally[0]++;
    tally[1] += outcome == Outcome.BLOCK ? 1 : 0;
    tally[2] += outcome == Outcome.REVIEW ? 1 : 0;
  }

  String format() {
    StringBuilder out = new StringBuilder();
    line(out, "%-34s %14s %14s %10s", "", "baseline", "candidate", "change");
    line(out, "%-34s %14s %14s", "ruleset", baselineVersion, candidateVersion);
    long decided = 0;
    for (long n : outcomes[BASE]) {
      decided += n;
    }
    line(out, "%-34s %,14d %,14d", "transactions decided", decided, decided);
    for (Outcome o : Outcome.values()) {
      line(out, "  %-32s %14s %14s %+,10d", o, share(outcomes[BASE][o.ordinal()], decided),
          share(outcomes[CAND][o.ordinal()], decided), outcomes[CAND][o.ordinal()] - outcomes[BASE][o.ordinal()]);
    }
    line(out, "retries (repeat their original's answer): %,d; dead-lettered: %s; unreadable rows: %s", retries,
        kinds(deadLetters), kinds(unreadable));

    out.append(String.format("%nchanges (baseline -> candidate)%n"));
    changeLine(out, "newly BLOCKED", Outcome.BLOCK);
    changeLine(out, "newly ALLOWED", Outcome.ALLOW);
    changeLine(out, "newly REVIEWED", Outcome.REVIEW);
    line(out, "  %-32s %,14d  (from REVIEW to ALLOW %,d, to BLOCK %,d)", "no longer REVIEWED",
        from(Outcome.REVIEW), transitions[Outcome.REVIEW.ordinal()][Outcome.ALLOW.ordinal()],
        transitions[Outcome.REVIEW.ordinal()][Outcome.BLOCK.ordinal()]);
    line(out, "  %-32s %,14d", "same outcome, other reasons/code", reasonsChanged);

    out.append(String.format("%ndecisions by reason%n"));
    reasons.forEach((reason, n) -> line(out, "  %-32s %,14d %,14d %+,10d", reason, n[BASE], n[CAND],
        n[CAND] - n[BASE]));

    out.append(String.format("%nrule hits (mode baseline/candidate; a SHADOW hit never decides)%n"));
    new TreeMap<>(rules).forEach((rule, tally) -> {
      long[] n = tally.hits;
      RuleMode[] modes = tally.modes;
      line(out, "  %-32s %14s %14s %+,10d  %s/%s", rule, hits(n[BASE], modes[BASE]), hits(n[CAND], modes[CAND]),
          n[CAND] - n[BASE], modes[BASE] == null ? "-" : modes[BASE], modes[CAND] == null ? "-" : modes[CAND]);
    });
    if (!labels.isEmpty()) {
      formatLabels(out);
    }
    return out.toString();
  }

  private void formatLabels(StringBuilder out) {
    long[][] fraud = new long[2][3];
    long[][] legit = labels.getOrDefault(LEGIT, new long[2][3]);
    labels.forEach((label, t) -> {
      if (!label.equals(LEGIT)) {
        for (int side = 0; side < 2; side++) {
          for (int i = 0; i < 3; i++) {
            fraud[side][i] += t[side][i];
          }
        }
      }
    });
    out.append(String.format("%nlabelled transactions (recall: blocked or reviewed)%n"));
    line(out, "  %-32s %14s %14s", "fraud recall (" + String.format(Locale.ROOT, "%,d", fraud[BASE][0]) + ")",
        pct(fraud[BASE][1] + fraud[BASE][2], fraud[BASE][0]), pct(fraud[CAND][1] + fraud[CAND][2], fraud[CAND][0]));
    line(out, "  %-32s %14s %14s", "fraud blocked", pct(fraud[BASE][1], fraud[BASE][0]),
        pct(fraud[CAND][1], fraud[CAND][0]));
    line(out, "  %-32s %14s %14s", "precision (fraud among flagged)",
        pct(flagged(fraud[BASE]), flagged(fraud[BASE]) + flagged(legit[BASE])),
        pct(flagged(fraud[CAND]), flagged(fraud[CAND]) + flagged(legit[CAND])));
    line(out, "  %-32s %14s %14s", "false positives: GENUINE blocked", pct(legit[BASE][1], legit[BASE][0]),
        pct(legit[CAND][1], legit[CAND][0]));
    line(out, "  %-32s %14s %14s", "false positives: GENUINE reviewed", pct(legit[BASE][2], legit[BASE][0]),
        pct(legit[CAND][2], legit[CAND][0]));
    labels.forEach((label, t) -> {
      if (!label.equals(LEGIT)) {
        line(out, "  %-32s %14s %14s", "recall " + label + " (" + String.format(Locale.ROOT, "%,d", t[BASE][0]) + ")",
            pct(t[BASE][1] + t[BASE][2], t[BASE][0]), pct(t[CAND][1] + t[CAND][2], t[CAND][0]));
      }
    });
  }

  /** Blocked or reviewed, of a [transactions, blocked, reviewed] tally. */
  private static long flagged(long[] tally) {
    return tally[1] + tally[2];
  }

  private void changeLine(StringBuilder out, String title, Outcome to) {
    StringBuilder from = new StringBuilder();
    long total = 0;
    for (Outcome o : Outcome.values()) {
      if (o != to) {
        long n = transitions[o.ordinal()][to.ordinal()];
        total += n;
        from.append(from.length() == 0 ? "from " : ", from ").append(o).append(' ')
            .append(String.format(Locale.ROOT, "%,d", n));
      }
    }
    line(out, "  %-32s %,14d  (%s)", title, total, from);
  }

  private long from(Outcome outcome) {
    long n = 0;
    for (Outcome o : Outcome.values()) {
      n += o == outcome ? 0 : transitions[outcome.ordinal()][o.ordinal()];
    }
    return n;
  }

  private static String hits(long n, RuleMode mode) {
    return mode == null ? "-" : String.format(Locale.ROOT, "%,d", n);
  }

  private static String share(long n, long total) {
    return String.format(Locale.ROOT, "%,d %5.1f%%", n, total == 0 ? 0 : 100.0 * n / total);
  }

  private static String pct(long n, long total) {
    return total == 0 ? "-" : String.format(Locale.ROOT, "%.3f%%", 100.0 * n / total);
  }

  private static String kinds(Map<ErrorKind, Long> counts) {
    if (counts.isEmpty()) {
      return "0";
    }
    StringBuilder s = new StringBuilder();
    counts.forEach((k, n) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(' ')
        .append(String.format(Locale.ROOT, "%,d", n)));
    return s.toString();
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args).stripTrailing()).append('\n');
  }

  private static final class RuleTally {
    final long[] hits = new long[2];
    final RuleMode[] modes = new RuleMode[2];
  }
}
