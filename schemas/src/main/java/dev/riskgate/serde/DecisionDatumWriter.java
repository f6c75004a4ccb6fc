package dev.riskgate.serde;

import dev.riskgate.schema.Decision;
import dev.riskgate.schema.ReasonCode;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes a {@link Decision} field by field, byte for byte what Avro's {@code SpecificDatumWriter} writes: Decision has
 * logical types, so Avro has no generated coder for it and its generic writer walks the schema on every decision.
 * The audit event embeds the same record ({@link AuditEventWriter}). {@code AuditEventWriterTest} holds it to the
 * generic writer's bytes and to the schema's field list.
 */
final class DecisionDatumWriter implements DatumWriter<Decision> {
  /** Field names in schema order, as written below; the test compares them with the schema. */
  static final List<String> DECISION_FIELDS = List.of("transactionId", "cardToken", "outcome", "responseCode",
      "retryable", "reasons", "score", "rulesetVersion", "eventTime", "decidedAt", "retry");

  @Override
  public void setSchema(Schema schema) {
    if (!schema.equals(Decision.getClassSchema())) {
      throw new IllegalArgumentException("DecisionDatumWriter writes only " + Decision.getClassSchema().getFullName());
    }
  }

  @Override
  public void write(Decision decision, Encoder out) throws IOException {
    writeDecision(decision, out);
  }

  static void writeDecision(Decision d, Encoder out) throws IOException {
    out.writeString(d.getTransactionId());
    out.writeString(d.getCardToken());
    out.writeEnum(d.getOutcome().ordinal());
    RecurringStrings.write(d.getResponseCode(), out);
    out.writeBoolean(d.getRetryable());
    List<ReasonCode> reasons = d.getReasons();
    out.writeArrayStart();
    out.setItemCount(reasons.size());
    for (ReasonCode reason : reasons) {
      out.startItem();
      out.writeEnum(reason.ordinal());
    }
    out.writeArrayEnd();
    out.writeInt(d.getScore());
    RecurringStrings.write(d.getRulesetVersion(), out);
    out.writeLong(d.getEventTime().toEpochMilli());
    out.writeLong(d.getDecidedAt().toEpochMilli());
    out.writeBoolean(d.getRetry());
  }
}
