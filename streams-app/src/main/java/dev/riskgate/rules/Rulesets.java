package dev.riskgate.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where rulesets come from: the default one shipped in the jar, or a file. */
public final class Rulesets {
  public static final String DEFAULT_RESOURCE = "/rulesets/default.yaml";

  private Rulesets() {}

  public static String defaultDocument() {
    try (InputStream in = Rulesets.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("default ruleset " + DEFAULT_RESOURCE + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Ruleset defaultRuleset() {
    return RulesetParser.parse(defaultDocument());
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new RulesetException(java.util.List.of("cannot read " + file + ": " + e.getMessage()));
    }
  }
}
