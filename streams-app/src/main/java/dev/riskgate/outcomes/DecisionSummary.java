package dev.riskgate.outcomes;

import dev.riskgate.schema.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a label needs of an original decision: the ruleset version, the outcome, the rules that fired ("ruleId MODE")
 * and the transaction's event time (the horizon is counted in it). A transaction decided under several ruleset versions (a replay under a new one) has one
 * per version, stored together under its transactionId: ~40 bytes plus the fired rules' ids.
 */
record DecisionSummary(String version, Outcome outcome, long eventTimeMs, List<String> fired) {

  static byte[] encode(List<DecisionSummary> summaries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(summaries.size());
      for (DecisionSummary s : summaries) {
        out.writeUTF(s.version);
        out.writeByte(s.outcome.ordinal());
        out.writeLong(s.eventTimeMs);
        out.writeByte(s.fired.size());
        for (String rule : s.fired) {
          out.writeUTF(rule);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The summaries stored under one transactionId; empty for null. */
  static List<DecisionSummary> decode(byte[] stored) {
    if (stored == null) {
      return List.of();
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
      int count = in.readUnsignedByte();
      List<DecisionSummary> summaries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String version = in.readUTF();
        Outcome outcome = Outcome.values()[in.readUnsignedByte()];
        long eventTimeMs = in.readLong();
        int rules = in.readUnsignedByte();
        List<String> fired = new ArrayList<>(rules);
        for (int r = 0; r < rules; r++) {
          fired.add(in.readUTF());
        }
        summaries.add(new DecisionSummary(version, outcome, eventTimeMs, fired));
      }
      return summaries;
    } catch (IOException e) {
      throw new UncheckedIOException("a stored decision summary cannot be read", e);
    }
  }
}
