package dev.riskgate.labels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.RuleEvaluation;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How each rule did against the outcomes known: per ruleset version and rule (ENFORCE and SHADOW), the original
 * decisions it fired on, how many of those are labelled fraud and genuine, and its precision; and the labelled fraud
 * decided ALLOW, by fraud type. Retries are not counted (a label attaches to the original decision), and each
 * original once per ruleset version, however many times its audit event was read.
 */
public final class RuleStats {
  /** One rule's figures. */
  public static final class Row {
    long hits;
    long fraud;
    long genuine;

    public long hits() {
      return hits;
    }

    public long fraud() {
      return fraud;
    }

    public long genuine() {
      return genuine;
    }

    /** Labelled fraud over labelled hits; NaN with none labelled. */
    public double precision() {
      return fraud + genuine == 0 ? Double.NaN : (double) fraud / (fraud + genuine);
    }
  }

  private final Outcomes outcomes;
  private final String onlyVersion;
  /** Ruleset version -> "ruleId MODE" -> figures. */
  private final Map<String, Map<String, Row>> rows = new TreeMap<>();
  private final Map<String, Long> fraudAllowed = new TreeMap<>();
  private final Map<String, long[]> decided = new TreeMap<>();
  private final Set<String> seen = new HashSet<>();
  private final Set<String> labelledDecided = new HashSet<>();

  /** {@code onlyVersion}: count this ruleset version only (null: every version). */
  public RuleStats(Outcomes outcomes, String onlyVersion) {
    this.outcomes = outcomes;
    this.onlyVersion = onlyVersion;
  }

  /** Figures counted elsewhere (the running app's), filled in with the {@code put} methods; no label totals. */
  public static RuleStats counted() {
    return new RuleStats(null, null);
  }

  /** Sets one rule's figures. */
  public void putRule(String version, String ruleId, String mode, long hits, long fraud, long genuine) {
    Row row = rows.computeIfAbsent(version, v -> new TreeMap<>()).computeIfAbsent(ruleId + " " + mode, r -> new Row());
    row.hits = hits;
    row.fraud = fraud;
    row.genuine = genuine;
    decided.computeIfAbsent(version, v -> new long[3]);
  }

  /** Sets a ruleset version's original decisions and how many are labelled fraud and genuine. */
  public void putDecisions(String version, long decisions, long fraud, long genuine) {
    long[] counts = decided.computeIfAbsent(version, v -> new long[3]);
    counts[0] = decisions;
    counts[1] = fraud;
    counts[2] = genuine;
  }

  /** Sets the labelled fraud of one type decided ALLOW under a ruleset version. */
  public void putFraudAllowed(String version, String fraudType, long count) {
    fraudAllowed.put(version + "\n" + fraudType, count);
    decided.computeIfAbsent(version, v -> new long[3]);
  }

  /** Counts one audit event. */
  public void add(AuditEvent audit) {
    if (audit.getDecision().getRetry()) {
      return;
    }
    String version = audit.getDecision().getRulesetVersion();
    String id = audit.getDecision().getTransactionId();
    if (onlyVersion != null && !onlyVersion.equals(version) || !seen.add(version + "\n" + id)) {
      return;
    }
    FraudLabel label = outcomes.of(id);
    boolean fraud = label != null && Outcomes.isFraud(label.getLabel());
    boolean genuine = label != null && !fraud;
    if (label != null) {
      labelledDecided.add(id);
    }
    long[] counts = decided.computeIfAbsent(version, v -> new long[3]);
    counts[0]++;
    counts[1] += fraud ? 1 : 0;
    counts[2] += genuine ? 1 : 0;
    for (RuleEvaluation rule : audit.getRules()) {
      if (!rule.getFired()) {
        continue;
      }
      Row row = rows.computeIfAbsent(version, v -> new TreeMap<>())
          .computeIfAbsent(rule.getRuleId() + " " + rule.getMode(), r -> new Row());
      row.hits++;
      row.fraud += fraud ? 1 : 0;
      row.genuine += genuine ? 1 : 0;
    }
    if (fraud && audit.getDecision().getOutcome() == Outcome.ALLOW) {
      fraudAllowed.merge(version + "\n" + LabelVocabulary.bucketOf(label), 1L, Long::sum);
    }
  }

  /** Ruleset version -> "ruleId MODE" -> figures. */
  public Map<String, Map<String, Row>> rows() {
    return rows;
  }

  /** "version\nfraudType" -> labelled fraud decided ALLOW. */
  public Map<String, Long> fraudAllowed() {
    return fraudAllowed;
  }

  /** Labels in force whose transaction had no original decision among the audit events read. */
  public long labelsWithoutDecision() {
    long count = 0;
    for (String id : outcomes.transactionIds()) {
      count += labelledDecided.contains(id) ? 0 : 1;
    }
    return count;
  }

  /** The figures as a table for people. */
  public String table() {
    StringBuilder out = new StringBuilder();
    decided.forEach((version, c) -> {
      out.append(String.format("ruleset %s: %,d decisions, %,d labelled fraud, %,d labelled genuine%n", version, c[0],
          c[1], c[2]));
      out.append(String.format("  %-34s %-7s %9s %8s %8s %10s%n", "rule", "mode", "hits", "fraud", "genuine",
          "precision"));
      rows.getOrDefault(version, Map.of()).forEach((key, row) -> {
        String[] idMode = key.split(" ");
        out.append(String.format("  %-34s %-7s %,9d %,8d %,8d %10s%n", idMode[0], idMode[1], row.hits, row.fraud,
            row.genuine, Double.isNaN(row.precision()) ? "-" : String.format("%.1f%%", 100 * row.precision())));
      });
      StringBuilder allowed = new StringBuilder();
      fraudAllowed.forEach((k, n) -> {
        if (k.startsWith(version + "\n")) {
          allowed.append(String.format(" %s %,d", k.substring(version.length() + 1), n));
        }
      });
      out.append("  labelled fraud decided ALLOW:").append(allowed.length() == 0 ? " none" : allowed).append('\n');
    });
    if (outcomes == null) {
      return out.toString();
    }
    out.append(String.format("labels: %,d transactions labelled (%,d repeated, %,d conflicting reports); %,d without a "
        + "decision in the range read%n", outcomes.size(), outcomes.repeated(), outcomes.replaced(),
        labelsWithoutDecision()));
    return out.toString();
  }

  /** The figures as JSON. */
  public String json() {
    return jsonNode().toString();
  }

  /** The figures as a JSON object. */
  public ObjectNode jsonNode() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ArrayNode versions = root.putArray("rulesets");
    decided.forEach((version, c) -> {
      ObjectNode v = versions.addObject();
      v.put("version", version).put("decisions", c[0]).put("labelledFraud", c[1]).put("labelledGenuine", c[2]);
      ArrayNode ruleRows = v.putArray("rules");
      rows.getOrDefault(version, Map.of()).forEach((key, row) -> {
        String[] idMode = key.split(" ");
        ObjectNode r = ruleRows.addObject().put("rule", idMode[0]).put("mode", idMode[1]).put("hits", row.hits)
            .put("fraud", row.fraud).put("genuine", row.genuine);
        if (Double.isNaN(row.precision())) {
          r.putNull("precision");
        } else {
          r.put("precision", row.precision());
        }
      });
      ObjectNode allowed = v.putObject("fraudAllowedByType");
      fraudAllowed.forEach((k, n) -> {
        if (k.startsWith(version + "\n")) {
          allowed.put(k.substring(version.length() + 1), n);
        }
      });
    });
    if (outcomes != null) {
      root.put("labelledTransactions", outcomes.size()).put("repeatedLabels", outcomes.repeated())
          .put("conflictingLabels", outcomes.replaced()).put("labelsWithoutDecision", labelsWithoutDecision());
    }
    return root;
  }
}
