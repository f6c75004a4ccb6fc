package dev.riskgate.config;

import java.util.List;

/** Start-up stops with one line per configuration problem. */
public class InvalidConfigException extends RuntimeException {
  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
