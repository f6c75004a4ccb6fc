package dev.riskgate.backtest;

import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.RulesetParser;
import dev.riskgate.rules.Rulesets;

/** Candidate rulesets for backtest tests: the default ruleset plus one rule, so that the diff has something to show. */
public final class CandidateRulesets {
  private CandidateRulesets() {}

  /** The default ruleset, version candidate-1, plus a rule that blocks every ticket above {@code usd}. */
  public static Ruleset blockingTicketsAbove(int usd) {
    return RulesetParser.parse(Rulesets.defaultDocument()
        .replaceFirst("(?m)^version: .*$", "version: candidate-1")
        .replaceFirst("(?m)^rules:\\s*$", """
            rules:
              - {id: big-ticket, description: every ticket above %d USD, feature: tx.amount, operator: '>',
                 threshold: %d, action: BLOCK, reason: RULE, responseCode: '05', mode: ENFORCE}""".formatted(usd, usd)));
  }
}
