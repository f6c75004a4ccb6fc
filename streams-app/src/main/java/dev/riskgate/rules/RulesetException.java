package dev.riskgate.rules;

import java.util.List;

/** A ruleset that cannot be used, with one line per problem naming the rule and the field. */
public class RulesetException extends RuntimeException {
  private final List<String> problems;

  public RulesetException(List<String> problems) {
    super("Invalid ruleset:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
