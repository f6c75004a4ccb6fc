package dev.riskgate.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting with its effective value (defaults < file < environment < flags) and the source that won, before
 * validation: what {@code riskgate config} prints. {@code problems} holds what went wrong reading the file.
 */
public record EffectiveSettings(Map<String, String> values, Map<String, Source> sources, List<String> problems) {

  /** Where an effective value came from. */
  public enum Source {
    DEFAULT, FILE, ENV, FLAG;

    /** As printed: {@code default}, {@code file}, {@code env}, {@code flag}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public EffectiveSettings {
    values = Map.copyOf(values);
    sources = Map.copyOf(sources);
    problems = List.copyOf(problems);
  }
}
