package dev.riskgate.decision;

import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the de-duplication store remembers of an original decision so a retry gets the same answer. A fixed binary
 * layout, not Avro or JSON: it is written once per transaction and read on every retry, on the hot path.
 */
public record DecisionMemo(
    Outcome outcome,
    String responseCode,
    boolean retryable,
    int score,
    List<ReasonCode> reasons,
    String rulesetVersion,
    long decidedAt,
    int partition,
    long offset) {

  private static final byte FORMAT = 1;
  private static final ReasonCode[] CODES = ReasonCode.values();

  public byte[] toBytes() {
    byte[] version = rulesetVersion.getBytes(StandardCharsets.UTF_8);
    byte[] response = responseCode.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(1 + 1 + 1 + response.length + 1 + 4 + 1 + reasons.size() + 2
        + version.length + 8 + 4 + 8);
    buf.put(FORMAT).put((byte) outcome.ordinal());
    buf.put((byte) response.length).put(response);
    buf.put((byte) (retryable ? 1 : 0)).putInt(score);
    buf.put((byte) reasons.size());
    reasons.forEach(r -> buf.put((byte) r.ordinal()));
    buf.putShort((short) version.length).put(version);
    buf.putLong(decidedAt).putInt(partition).putLong(offset);
    return buf.array();
  }

  public static DecisionMemo fromBytes(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    byte format = buf.get();
    if (format != FORMAT) {
      throw new IllegalStateException("unknown decision memo format " + format);
    }
    Outcome outcome = Outcome.values()[buf.get()];
    byte[] response = new byte[buf.get()];
    buf.get(response);
    boolean retryable = buf.get() == 1;
    int score = buf.getInt();
    int reasonCount = buf.get();
    List<ReasonCode> reasons = new ArrayList<>(reasonCount);
    for (int i = 0; i < reasonCount; i++) {
      int ordinal = buf.get();
      reasons.add(ordinal < CODES.length ? CODES[ordinal] : ReasonCode.UNKNOWN);
    }
    byte[] version = new byte[buf.getShort()];
    buf.get(version);
    return new DecisionMemo(outcome, new String(response, StandardCharsets.US_ASCII), retryable, score,
        List.copyOf(reasons), new String(version, StandardCharsets.UTF_8), buf.getLong(), buf.getInt(), buf.getLong());
  }
}
