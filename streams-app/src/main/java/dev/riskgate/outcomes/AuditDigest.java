package dev.riskgate.outcomes;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Outcome;
import dev.riskgate.serde.ProjectedAvroDeserializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * What outcome counting reads of an audit event: the decision's id, ruleset version, outcome, event time and whether
 * it is a retry, and each rule's id, mode and whether it fired. The transaction, statuses and features (most of the
 * 2.6 KB) are skipped, not decoded: by {@link AuditLayoutReader} for this release's layout, else through Avro's schema
 * resolution onto {@link #PROJECTION} ({@link AuditDigestDeserializer}).
 */
record AuditDigest(String transactionId, boolean retry, DecisionSummary summary) {
  static final Schema PROJECTION = ProjectedAvroDeserializer.project(AuditEvent.getClassSchema(),
      "decision.transactionId", "decision.outcome", "decision.rulesetVersion", "decision.eventTime", "decision.retry",
      "rules.ruleId", "rules.mode", "rules.fired");

  static AuditDigest of(GenericRecord audit) {
    GenericRecord decision = (GenericRecord) audit.get("decision");
    List<String> fired = new ArrayList<>();
    for (Object each : (List<?>) audit.get("rules")) {
      GenericRecord rule = (GenericRecord) each;
      if ((Boolean) rule.get("fired")) {
        fired.add(rule.get("ruleId") + " " + rule.get("mode"));
      }
    }
    Object time = decision.get("eventTime");
    long eventTimeMs = time instanceof Instant instant ? instant.toEpochMilli() : ((Number) time).longValue();
    return new AuditDigest(decision.get("transactionId").toString(), (Boolean) decision.get("retry"),
        new DecisionSummary(decision.get("rulesetVersion").toString(),
            Outcome.valueOf(decision.get("outcome").toString()), eventTimeMs, List.copyOf(fired)));
  }
}
