package dev.riskgate.decision;

import dev.riskgate.schema.RuleEvaluation;
import java.util.Arrays;
import java.util.List;

/**
 * Which rules fired in one decision, worked out offline on the screening thread right after the audit event is built:
 * there its rule evaluations are still in the CPU's cache, while the thread that writes the backtest's files would
 * fetch every one of them from memory again (measured: 7% of a backtest's samples went to that walk alone).
 *
 * @param joined ids of the fired rules, ENFORCE and SHADOW alike, in ruleset order, as the decision files write them
 *     (velocity-1h|night-ticket); empty when none fired (a retry evaluates none)
 * @param indexes positions of the fired rules in the audit event's list of evaluations
 * @param evaluated how many rules were evaluated
 */
public record FiredRules(String joined, int[] indexes, int evaluated) {
  public static final FiredRules NONE = new FiredRules("", new int[0], 0);

  public static FiredRules of(List<RuleEvaluation> rules) {
    int[] indexes = null;
    int fired = 0;
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).getFired()) {
        if (indexes == null) {
          indexes = new int[Math.min(4, rules.size())];
        } else if (fired == indexes.length) {
          indexes = Arrays.copyOf(indexes, Math.min(fired * 2, rules.size()));
        }
        indexes[fired++] = i;
      }
    }
    if (indexes == null) {
      return rules.isEmpty() ? NONE : new FiredRules("", NONE.indexes, rules.size());
    }
    String joined = rules.get(indexes[0]).getRuleId(); // one rule fired: the usual case needs no copy
    if (fired > 1) {
      StringBuilder all = new StringBuilder(joined);
      for (int f = 1; f < fired; f++) {
        all.append('|').append(rules.get(indexes[f]).getRuleId());
      }
      joined = all.toString();
    }
    return new FiredRules(joined, fired == indexes.length ? indexes : Arrays.copyOf(indexes, fired), rules.size());
  }

  // by value, array included: two screenings of the same input compare equal and print the same

  @Override
  public boolean equals(Object other) {
    return other instanceof FiredRules f && joined.equals(f.joined) && Arrays.equals(indexes, f.indexes)
        && evaluated == f.evaluated;
  }

  @Override
  public int hashCode() {
    return joined.hashCode() * 31 + Arrays.hashCode(indexes);
  }

  @Override
  public String toString() {
    return "FiredRules[joined=" + joined + ", indexes=" + Arrays.toString(indexes) + ", evaluated=" + evaluated + "]";
  }
}
