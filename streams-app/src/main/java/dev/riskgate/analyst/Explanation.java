package dev.riskgate.analyst;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riskgate.privacy.CardTokens;
import dev.riskgate.rules.Operator;
import dev.riskgate.rules.ReasonCatalog;
import dev.riskgate.rules.Rule;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.RuleMode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A decision in plain words, from its audit event: outcome and response code, the reasons, each rule evaluated
 * (observed value against threshold, fired or not), the shadow rules and what they would have done, the entity
 * statuses consulted, the ruleset version, and whether it was a retry. Rule definitions (feature and operator) are
 * shown when the deciding ruleset is known here (the one in force or the shipped default): an audit event records
 * values and thresholds, not how they were compared.
 */
public final class Explanation {
  private static final Map<String, String> RESPONSE_CODES = Map.ofEntries(
      Map.entry("00", "approved"), Map.entry("03", "invalid merchant"), Map.entry("05", "do not honor"),
      Map.entry("41", "lost card, pick up"), Map.entry("43", "stolen card, pick up"),
      Map.entry("46", "closed account"), Map.entry("57", "transaction not permitted to cardholder"),
      Map.entry("59", "suspected fraud"), Map.entry("61", "exceeds withdrawal amount limit"),
      Map.entry("62", "restricted card"), Map.entry("65", "exceeds withdrawal frequency limit"),
      Map.entry("96", "system malfunction"));

  private final TransactionFinder.Result result;
  private final Ruleset ruleset;
  private final boolean unmask;

  /** {@code ruleset}: the deciding ruleset's definitions when known, else null. */
  public Explanation(TransactionFinder.Result result, Ruleset ruleset, boolean unmask) {
    if (!result.found()) {
      throw new IllegalArgumentException("nothing found for " + result.transactionId());
    }
    this.result = result;
    this.ruleset = ruleset;
    this.unmask = unmask;
  }

  /** The definitions of the deciding ruleset when it is the shipped default or {@code active}; else null. */
  public static Ruleset definitionsOf(String version, dev.riskgate.schema.RulesetDocument active) {
    Ruleset shipped = dev.riskgate.rules.Rulesets.defaultRuleset();
    if (shipped.version().equals(version)) {
      return shipped;
    }
    return active != null && active.getVersion().equals(version)
        ? dev.riskgate.rules.RulesetParser.parse(active.getDocument()) : null;
  }

  public static String responseText(String code) {
    return RESPONSE_CODES.getOrDefault(code, "response code " + code);
  }

  public String text() {
    AuditEvent audit = result.audit().value();
    Decision d = audit.getDecision();
    Transaction tx = audit.getTransaction();
    List<String> out = new ArrayList<>();
    out.add(d.getTransactionId() + ": " + d.getOutcome() + ", response code " + d.getResponseCode() + " ("
        + responseText(d.getResponseCode()) + "), " + (d.getRetryable() ? "the acquirer may retry later"
        : "not to be retried"));
    out.add("  " + Amounts.format(tx.getAmountMinor(), tx.getCurrency()) + " at merchant " + tx.getMerchantId()
        + ", terminal " + tx.getTerminalId() + " (MCC " + tx.getMcc() + ", " + tx.getCountry() + "), card "
        + CardTokens.show(tx.getCardToken(), unmask) + ", account " + tx.getAccountId() + ", " + tx.getEntryMode());
    out.add("  event time " + d.getEventTime() + "; decided " + d.getDecidedAt() + " by " + audit.getInstanceId()
        + " (riskgate " + audit.getAppVersion() + ") with ruleset " + d.getRulesetVersion() + "; score "
        + d.getScore());
    out.add("");
    out.add("Why:");
    if (d.getReasons().isEmpty()) {
      out.add("  no status blocks and no ENFORCE rule fired: approved.");
    }
    for (ReasonCode reason : d.getReasons()) {
      ReasonCatalog.Reason r = ReasonCatalog.of(reason);
      out.add("  " + reason + ": " + r.english() + " / " + r.chinese() + because(audit, reason));
    }
    out.add("");
    out.add("Entity statuses consulted:");
    for (StatusCheck s : audit.getStatuses()) {
      out.add(String.format("  %-8s %-20s %s", s.getEntityType(), entityId(s), unreadable(s)
          ? "recorded, but could not be read when decided" : s.getStatus()
              + (s.getEffectiveTime() == null ? " (no status recorded)" : " since " + s.getEffectiveTime())));
    }
    out.add("");
    if (d.getRetry()) {
      out.add("Rules: not evaluated again for a retry; the original's answer was repeated.");
    } else {
      rules(audit, RuleMode.ENFORCE, "Rules evaluated (ENFORCE: they decide):", out);
      rules(audit, RuleMode.SHADOW, "Shadow rules (reported, never decide):", out);
      if (audit.getShadowOutcome() != null) {
        out.add("  with the shadow rules enforced the outcome would have been " + audit.getShadowOutcome()
            + " (score " + audit.getShadowScore() + ")" + (audit.getShadowOutcome() == d.getOutcome()
            ? ": the same" : ": different"));
      }
    }
    out.add("");
    out.add(retryLine(audit));
    out.add("Records: " + coordinates());
    return String.join("\n", out) + "\n";
  }

  /** How a status that exists but could not be read is recorded in the audit event. */
  private static boolean unreadable(StatusCheck s) {
    return s.getStatus() == Status.UNKNOWN && s.getEffectiveTime() == null;
  }

  private String because(AuditEvent audit, ReasonCode reason) {
    if (reason == ReasonCode.STATUS_UNREADABLE) {
      List<String> which = audit.getStatuses().stream().filter(Explanation::unreadable)
          .map(s -> s.getEntityType().name().toLowerCase() + " " + entityId(s)).toList();
      return " (the status of " + String.join(" and ", which) + " could not be read)";
    }
    for (StatusCheck s : audit.getStatuses()) {
      if (s.getStatus() != Status.ACTIVE && reason.name().startsWith(s.getEntityType().name())) {
        return " (" + s.getEntityType().name().toLowerCase() + " " + entityId(s) + " is " + s.getStatus()
            + (s.getEffectiveTime() == null ? "" : " since " + s.getEffectiveTime()) + ")";
      }
    }
    List<String> rules = audit.getRules().stream()
        .filter(r -> r.getFired() && r.getMode() == RuleMode.ENFORCE && r.getReason() == reason)
        .map(RuleEvaluation::getRuleId).toList();
    return rules.isEmpty() ? "" : " (rule " + String.join(", ", rules) + ")";
  }

  private void rules(AuditEvent audit, RuleMode mode, String title, List<String> out) {
    List<RuleEvaluation> rules = audit.getRules().stream().filter(r -> r.getMode() == mode).toList();
    long fired = rules.stream().filter(RuleEvaluation::getFired).count();
    out.add(title + " " + rules.size() + ", " + fired + " fired");
    for (RuleEvaluation r : rules) {
      out.add(String.format("  %-6s %-28s %-54s %s", r.getFired() ? "FIRED" : "-", r.getRuleId(), comparison(r),
          r.getReason()));
    }
  }

  /** {@code card.count.1m = 5 >= 4} when the rule is known, else {@code observed 5, threshold 4}. */
  private String comparison(RuleEvaluation r) {
    String observed = number(r.getObserved());
    Optional<Rule> rule = definition(r.getRuleId());
    if (rule.isEmpty()) {
      return "observed " + observed + ", threshold " + number(r.getThreshold());
    }
    Rule def = rule.get();
    String compared = def.operator() == Operator.BETWEEN
        ? "in [" + number(def.threshold()) + ", " + number(def.thresholdHigh()) + "]"
        : def.operator().symbol() + " " + number(def.threshold());
    return def.feature().featureName() + " = " + observed + " " + (r.getFired() ? "" : "not ") + compared
        + (def.when().isEmpty() ? "" : " (+" + def.when().size() + " condition)");
  }

  private Optional<Rule> definition(String ruleId) {
    return ruleset == null ? Optional.empty()
        : ruleset.rules().stream().filter(rule -> rule.id().equals(ruleId)).findFirst();
  }

  private String retryLine(AuditEvent audit) {
    if (audit.getDecision().getRetry()) {
      return "Retry: yes. This transactionId had been decided before; the original (transactions "
          + audit.getOriginalPartition() + ":" + audit.getOriginalOffset() + ") gave this answer.";
    }
    String retries = result.retries().isEmpty() ? "no retries of it among the records read"
        : result.retries().size() + " retr" + (result.retries().size() == 1 ? "y" : "ies")
            + " of it answered the same (audit " + result.retries().stream()
                .map(f -> f.partition() + ":" + f.offset()).reduce((a, b) -> a + ", " + b).orElse("") + ")";
    return "Retry: no, the first time this transactionId was seen; " + retries + ".";
  }

  private String coordinates() {
    AuditEvent audit = result.audit().value();
    return "transactions " + (result.transaction() == null ? audit.getInputPartition() + ":" + audit.getInputOffset()
        + " (no longer on the topic)" : result.transaction().partition() + ":" + result.transaction().offset())
        + ", decisions " + (result.decision() == null ? "(not found in the range read)"
        : result.decision().partition() + ":" + result.decision().offset())
        + ", audit " + result.audit().partition() + ":" + result.audit().offset()
        + " (partition:offset; " + result.recordsRead() + " records read to find them)";
  }

  private String entityId(StatusCheck s) {
    return s.getEntityType() == EntityType.CARD ? CardTokens.show(s.getEntityId(), unmask) : s.getEntityId();
  }

  private static String number(Double value) {
    if (value == null) {
      return "-";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf(value.longValue())
        : String.format("%.2f", value);
  }

  public ObjectNode json() {
    AuditEvent audit = result.audit().value();
    Decision d = audit.getDecision();
    ObjectNode root = RecordJson.MAPPER.createObjectNode();
    root.put("transactionId", result.transactionId());
    root.put("outcome", d.getOutcome().name());
    root.put("responseCode", d.getResponseCode());
    root.put("responseText", responseText(d.getResponseCode()));
    root.put("retryable", d.getRetryable());
    root.put("retry", d.getRetry());
    root.put("rulesetVersion", d.getRulesetVersion());
    ArrayNode reasons = root.putArray("reasons");
    for (ReasonCode reason : d.getReasons()) {
      ObjectNode r = reasons.addObject();
      r.put("code", reason.name());
      r.put("english", ReasonCatalog.of(reason).english());
      r.put("chinese", ReasonCatalog.of(reason).chinese());
      r.put("because", because(audit, reason).replaceAll("^ \\((.*)\\)$", "$1"));
    }
    ArrayNode rules = root.putArray("rules");
    for (RuleEvaluation r : audit.getRules()) {
      ObjectNode rule = (ObjectNode) RecordJson.of(r, unmask);
      rule.put("explained", comparison(r));
      rules.add(rule);
    }
    root.set("decision", RecordJson.of(d, unmask));
    root.set("audit", RecordJson.of(audit, unmask));
    root.set("transaction", result.transaction() == null ? null : RecordJson.of(result.transaction().value(), unmask));
    ObjectNode at = root.putObject("coordinates");
    coordinates(at, "audit", result.audit());
    coordinates(at, "decision", result.decision());
    coordinates(at, "transaction", result.transaction());
    ArrayNode retries = root.putArray("retries");
    result.retries().forEach(f -> coordinates(retries.addObject(), "audit", f));
    root.put("recordsRead", result.recordsRead());
    return root;
  }

  private static void coordinates(ObjectNode node, String name, TransactionFinder.Found<?> found) {
    if (found == null) {
      node.putNull(name);
      return;
    }
    ObjectNode at = node.putObject(name);
    at.put("partition", found.partition());
    at.put("offset", found.offset());
  }
}
