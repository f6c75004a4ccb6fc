package dev.riskgate.outcomes;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.RuleMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Reads an {@link AuditDigest} straight off the bytes of an audit event written with the one schema whose layout it
 * knows ({@link #LAYOUT}), skipping what outcome counting does not need without decoding it. Avro's resolving reader
 * walked the writer's whole schema per event, a third of outcome counting's CPU (flight recording, benchmark drain).
 * For any other writer schema {@link AuditDigestDeserializer} uses that reader instead; {@code
 * AuditDigestDeserializerTest} holds this one to it on generated events and fails when the schema moves off the
 * layout.
 */
final class AuditLayoutReader implements DatumReader<AuditDigest> {
  /** Parsing fingerprint of the audit schema read below (field order and types; docs and defaults aside). */
  static final long LAYOUT = 8338943564343297275L;

  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final RuleMode[] MODES = RuleMode.values();

  static boolean knows(Schema writer) {
    return SchemaNormalization.parsingFingerprint64(writer) == LAYOUT;
  }

  static boolean layoutIsCurrent() {
    return knows(AuditEvent.getClassSchema());
  }

  @Override
  public void setSchema(Schema schema) {
    if (!knows(schema)) {
      throw new IllegalArgumentException("not the audit layout this reader knows: " + schema.getFullName());
    }
  }

  @Override
  public AuditDigest read(AuditDigest reuse, Decoder in) throws IOException {
    // Decision
    String transactionId = in.readString();
    in.skipString(); // cardToken
    Outcome outcome = OUTCOMES[in.readEnum()];
    in.skipString(); // responseCode
    in.readBoolean(); // retryable
    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        in.readEnum(); // a reason
      }
    }
    in.readInt(); // score
    String version = in.readString();
    long eventTimeMs = in.readLong();
    in.readLong(); // decidedAt
    boolean retry = in.readBoolean();
    skipTransaction(in);
    List<String> fired = new ArrayList<>(4);
    Utf8 ruleId = null; // one buffer for the event's rule ids; a fired one becomes a String
    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        ruleId = in.readString(ruleId);
        in.skipString(); // ruleVersion
        RuleMode mode = MODES[in.readEnum()];
        if (in.readBoolean()) {
          fired.add(ruleId + " " + mode);
        }
        skipOptionalDouble(in); // observed
        skipOptionalDouble(in); // threshold
        in.readEnum(); // reason
      }
    }
    skipRest(in);
    return new AuditDigest(transactionId, retry,
        new DecisionSummary(version, outcome, eventTimeMs, List.copyOf(fired)));
  }

  private static void skipTransaction(Decoder in) throws IOException {
    for (int i = 0; i < 6; i++) {
      in.skipString(); // transactionId, cardToken, accountId, merchantId, terminalId, mcc
    }
    in.readLong(); // amountMinor
    in.skipString(); // currency
    in.readEnum(); // entryMode
    in.readLong(); // eventTime
    in.skipString(); // country
    skipOptionalDouble(in); // latitude
    skipOptionalDouble(in); // longitude
    in.skipString(); // acquirerId
  }

  /** Statuses, features and the input's coordinates: read past, so that the wire format's end check holds. */
  private static void skipRest(Decoder in) throws IOException {
    for (long n = in.skipArray(); n != 0; n = in.skipArray()) {
      for (long i = 0; i < n; i++) {
        in.readEnum(); // entityType
        in.skipString(); // entityId
        in.readEnum(); // status
        if (present(in)) {
          in.readLong(); // effectiveTime
        }
      }
    }
    for (long n = in.skipMap(); n != 0; n = in.skipMap()) {
      for (long i = 0; i < n; i++) {
        in.skipString(); // feature name
        in.skipFixed(8); // its value, a double
      }
    }
    in.skipString(); // inputTopic
    in.readInt(); // inputPartition
    in.readLong(); // inputOffset
    if (present(in)) {
      in.readInt(); // originalPartition
    }
    if (present(in)) {
      in.readLong(); // originalOffset
    }
    in.skipString(); // instanceId
    in.skipString(); // appVersion
    if (present(in)) {
      in.readEnum(); // shadowOutcome
    }
    if (present(in)) {
      in.readInt(); // shadowScore
    }
  }

  /** A ["null", X] union's branch: X follows. Any other index is a corrupt record, as Avro's own reader says. */
  private static boolean present(Decoder in) throws IOException {
    int branch = in.readIndex();
    if (branch > 1 || branch < 0) {
      throw new IOException("union branch " + branch + " of a [null, value] union");
    }
    return branch == 1;
  }

  private static void skipOptionalDouble(Decoder in) throws IOException {
    if (present(in)) {
      in.skipFixed(8);
    }
  }
}
