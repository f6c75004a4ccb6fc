package dev.riskgate.outcomes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riskgate.labels.RuleStats;
import java.util.Map;

/**
 * The live figures between instances and for people: as raw counts (what an instance sends the one adding them up)
 * and as {@link RuleStats}, the shape {@code riskgate rules stats} prints.
 */
public final class OutcomeStats {
  private OutcomeStats() {}

  /** {@code counts} (keys as {@link OutcomeCounts} writes them) as rule statistics. */
  public static RuleStats of(Map<String, long[]> counts) {
    RuleStats stats = RuleStats.counted();
    counts.forEach((key, c) -> {
      String[] parts = key.split("\t", -1);
      switch (parts[0]) {
        case OutcomeCounts.DECISIONS -> stats.putDecisions(parts[1], c[0], c[1], c[2]);
        case OutcomeCounts.RULE -> stats.putRule(parts[1], parts[2], parts[3], c[0], c[1], c[2]);
        case OutcomeCounts.FRAUD_ALLOWED -> stats.putFraudAllowed(parts[1], parts[2], c[0]);
        default -> { }
      }
    });
    return stats;
  }

  /** Raw counts as JSON: key to [first, fraud, genuine]. */
  public static ObjectNode toJson(Map<String, long[]> counts) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    counts.forEach((key, c) -> json.putArray(key).add(c[0]).add(c[1]).add(c[2]));
    return json;
  }

  /** Adds raw counts read from another instance's {@link #toJson} to {@code into}. */
  public static void add(Map<String, long[]> into, JsonNode json) {
    json.fields().forEachRemaining(field -> {
      long[] total = into.computeIfAbsent(field.getKey(), k -> new long[3]);
      for (int i = 0; i < 3; i++) {
        total[i] += field.getValue().path(i).asLong();
      }
    });
  }
}
