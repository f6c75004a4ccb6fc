package dev.riskgate.registry;

import java.util.List;

/** Answer of a compatibility check; {@code messages} explain an incompatibility when the registry gives them. */
public record CompatibilityResult(boolean compatible, List<String> messages) {

  public static CompatibilityResult ok() {
    return new CompatibilityResult(true, List.of());
  }
}
