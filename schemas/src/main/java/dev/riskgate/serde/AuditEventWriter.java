package dev.riskgate.serde;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes an {@link AuditEvent} field by field, byte for byte what Avro's {@code SpecificDatumWriter} writes. Every
 * decision carries one (~2 KB: every rule evaluated and the feature snapshot), and Avro generates its fast custom
 * coders only for records without logical types, so the generic writer (schema walk, union resolution by reflection)
 * was the largest single cost of emitting a decision. {@code AuditEventWriterTest} holds this writer to the generic
 * one's bytes on generated events and to the schema's field lists, so a schema change cannot leave it behind.
 */
final class AuditEventWriter implements DatumWriter<AuditEvent> {
  /** Field names in schema order, as written below; the test compares them with the schemas. */
  static final List<String> AUDIT_FIELDS = List.of("decision", "transaction", "rules", "statuses", "features",
      "inputTopic", "inputPartition", "inputOffset", "originalPartition", "originalOffset", "instanceId",
      "appVersion", "shadowOutcome", "shadowScore");
  static final List<String> TRANSACTION_FIELDS = List.of("transactionId", "cardToken", "accountId", "merchantId",
      "terminalId", "mcc", "amountMinor", "currency", "entryMode", "eventTime", "country", "latitude", "longitude",
      "acquirerId");
  static final List<String> RULE_EVALUATION_FIELDS = List.of("ruleId", "ruleVersion", "mode", "fired", "observed",
      "threshold", "reason");
  static final List<String> STATUS_CHECK_FIELDS = List.of("entityType", "entityId", "status", "effectiveTime");

  @Override
  public void setSchema(Schema schema) {
    if (!schema.equals(AuditEvent.getClassSchema())) {
      throw new IllegalArgumentException("AuditEventWriter writes only " + AuditEvent.getClassSchema().getFullName());
    }
  }

  @Override
  public void write(AuditEvent e, Encoder out) throws IOException {
    DecisionDatumWriter.writeDecision(e.getDecision(), out);
    writeTransaction(e.getTransaction(), out);
    List<RuleEvaluation> rules = e.getRules();
    out.writeArrayStart();
    out.setItemCount(rules.size());
    for (RuleEvaluation rule : rules) {
      out.startItem();
      RecurringStrings.write(rule.getRuleId(), out);
      RecurringStrings.write(rule.getRuleVersion(), out);
      out.writeEnum(rule.getMode().ordinal());
      out.writeBoolean(rule.getFired());
      writeOptionalDouble(rule.getObserved(), out);
      writeOptionalDouble(rule.getThreshold(), out);
      out.writeEnum(rule.getReason().ordinal());
    }
    out.writeArrayEnd();
    List<StatusCheck> statuses = e.getStatuses();
    out.writeArrayStart();
    out.setItemCount(statuses.size());
    for (StatusCheck check : statuses) {
      out.startItem();
      out.writeEnum(check.getEntityType().ordinal());
      out.writeString(check.getEntityId());
      out.writeEnum(check.getStatus().ordinal());
      writeOptionalTime(check.getEffectiveTime(), out);
    }
    out.writeArrayEnd();
    Map<String, Double> features = e.getFeatures();
    out.writeMapStart();
    out.setItemCount(features.size());
    for (Map.Entry<String, Double> feature : features.entrySet()) {
      out.startItem();
      RecurringStrings.write(feature.getKey(), out);
      out.writeDouble(feature.getValue());
    }
    out.writeMapEnd();
    RecurringStrings.write(e.getInputTopic(), out);
    out.writeInt(e.getInputPartition());
    out.writeLong(e.getInputOffset());
    writeOptionalInt(e.getOriginalPartition(), out);
    if (e.getOriginalOffset() == null) {
      out.writeIndex(0);
    } else {
      out.writeIndex(1);
      out.writeLong(e.getOriginalOffset());
    }
    RecurringStrings.write(e.getInstanceId(), out);
    RecurringStrings.write(e.getAppVersion(), out);
    if (e.getShadowOutcome() == null) {
      out.writeIndex(0);
    } else {
      out.writeIndex(1);
      out.writeEnum(e.getShadowOutcome().ordinal());
    }
    writeOptionalInt(e.getShadowScore(), out);
  }

  private static void writeTransaction(Transaction t, Encoder out) throws IOException {
    out.writeString(t.getTransactionId());
    out.writeString(t.getCardToken());
    out.writeString(t.getAccountId());
    out.writeString(t.getMerchantId());
    out.writeString(t.getTerminalId());
    out.writeString(t.getMcc());
    out.writeLong(t.getAmountMinor());
    out.writeString(t.getCurrency());
    out.writeEnum(t.getEntryMode().ordinal());
    out.writeLong(t.getEventTime().toEpochMilli());
    out.writeString(t.getCountry());
    writeOptionalDouble(t.getLatitude(), out);
    writeOptionalDouble(t.getLongitude(), out);
    out.writeString(t.getAcquirerId());
  }

  /** A ["null", X] union: branch 0 for null, else branch 1 and the value. */
  private static void writeOptionalDouble(Double value, Encoder out) throws IOException {
    if (value == null) {
      out.writeIndex(0);
    } else {
      out.writeIndex(1);
      out.writeDouble(value);
    }
  }

  private static void writeOptionalInt(Integer value, Encoder out) throws IOException {
    if (value == null) {
      out.writeIndex(0);
    } else {
      out.writeIndex(1);
      out.writeInt(value);
    }
  }

  private static void writeOptionalTime(Instant value, Encoder out) throws IOException {
    if (value == null) {
      out.writeIndex(0);
    } else {
      out.writeIndex(1);
      out.writeLong(value.toEpochMilli());
    }
  }
}
