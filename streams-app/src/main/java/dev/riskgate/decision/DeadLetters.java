package dev.riskgate.decision;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.serde.WireFormatException;
import dev.riskgate.validation.Rejection;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds dead letters: where the record came from, its bytes unchanged except that card numbers are masked, and cut
 * to fit when the original is larger than a record the dead-letter topic can take (its length and SHA-256 kept), so
 * that a poison record of any size is dead-lettered and its partition moves on.
 */
public final class DeadLetters {
  /** Room left in a dead letter for everything but the key and value: fields, framing, the error message. */
  public static final int OVERHEAD = 16 * 1024;
  /** Keys are ids; a longer one is cut to this many bytes. */
  public static final int MAX_KEY = 1024;
  private static final int MAX_MESSAGE = 4 * 1024;
  private final String instanceId;
  private final ScreeningRecorder recorder;
  private final int maxValue;

  /** {@code maxRecordBytes}: the largest record the dead-letter topic and riskgate's producer take. */
  public DeadLetters(String instanceId, ScreeningRecorder recorder, int maxRecordBytes) {
    this.instanceId = instanceId;
    this.recorder = recorder;
    this.maxValue = Math.max(1024, maxRecordBytes - OVERHEAD - MAX_KEY);
  }

  public Record<Object, Object> of(Record<byte[], byte[]> original, RecordMetadata source, Rejection rejection, long now) {
    byte[] originalKey = original.key();
    byte[] originalValue = original.value();
    boolean keyCut = originalKey != null && originalKey.length > MAX_KEY;
    boolean valueCut = originalValue != null && originalValue.length > maxValue;
    byte[] key = originalKey == null ? null : keyCut ? Arrays.copyOf(originalKey, MAX_KEY) : originalKey.clone();
    byte[] value = originalValue == null ? null : valueCut ? Arrays.copyOf(originalValue, maxValue)
        : originalValue.clone();
    // a PAN must not reach any topic, not even inside the bytes kept for forensics
    boolean masked = PanDetector.maskInPlace(key) | PanDetector.maskInPlace(value);
    String message = PanDetector.mask(rejection.message());
    DeadLetter letter = DeadLetter.newBuilder()
        .setSourceTopic(source.topic())
        .setSourcePartition(source.partition())
        .setSourceOffset(source.offset())
        .setSourceTimestamp(Instant.ofEpochMilli(original.timestamp()))
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setErrorKind(rejection.kind())
        .setErrorMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message)
        .setFailedAt(Instant.ofEpochMilli(now))
        .setInstanceId(instanceId)
        .setMasked(masked)
        .setTruncated(keyCut || valueCut)
        .setOriginalKeyLength(keyCut ? originalKey.length : null)
        .setOriginalValueLength(valueCut ? originalValue.length : null)
        .setOriginalValueSha256(valueCut ? sha256(originalValue) : null)
        .build();
    recorder.deadLettered(rejection.kind());
    return new Record<>(key, letter, original.timestamp());
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static ErrorKind kindOf(WireFormatException.Kind kind) {
    return switch (kind) {
      case UNKNOWN_MAGIC_BYTE -> ErrorKind.UNKNOWN_MAGIC_BYTE;
      case UNKNOWN_SCHEMA_ID -> ErrorKind.UNKNOWN_SCHEMA_ID;
      case TRUNCATED -> ErrorKind.TRUNCATED;
      case CORRUPT, REGISTRY_UNAVAILABLE -> ErrorKind.UNDECODABLE;
    };
  }
}
