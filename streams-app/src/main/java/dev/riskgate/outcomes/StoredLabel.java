package dev.riskgate.outcomes;

import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.LabelKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The label in force for a transaction, as the outcome store keeps it: what replacing it and counting it need (the
 * label, its fraud type, when it was reported), without a schema id, so the store never needs the registry.
 */
final class StoredLabel {
  private StoredLabel() {}

  static byte[] encode(FraudLabel label) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(label.getLabel().ordinal());
      out.writeLong(label.getReportedTime().toEpochMilli());
      out.writeBoolean(label.getFraudType() != null);
      if (label.getFraudType() != null) {
        out.writeUTF(label.getFraudType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The stored label of {@code transactionId}, or null; the fields not kept are left empty. */
  static FraudLabel decode(String transactionId, byte[] stored) {
    if (stored == null) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
      LabelKind kind = LabelKind.values()[in.readUnsignedByte()];
      Instant reported = Instant.ofEpochMilli(in.readLong());
      String fraudType = in.readBoolean() ? in.readUTF() : null;
      return new FraudLabel(transactionId, "", kind, fraudType, null, "", reported);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored label cannot be read", e);
    }
  }

  /** When the stored label was reported (the horizon is counted from it). */
  static long reportedMs(byte[] stored) {
    return java.nio.ByteBuffer.wrap(stored, 1, 8).getLong();
  }
}
