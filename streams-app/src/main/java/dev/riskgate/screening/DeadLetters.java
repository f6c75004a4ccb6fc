package dev.riskgate.screening;

import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.serde.WireFormatException;
import dev.riskgate.validation.PanDetector;
import dev.riskgate.validation.Rejection;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds dead letters: where the record came from, its bytes unchanged except that card numbers are masked. */
final class DeadLetters {
  private final String instanceId;
  private final ScreeningRecorder recorder;

  DeadLetters(String instanceId, ScreeningRecorder recorder) {
    this.instanceId = instanceId;
    this.recorder = recorder;
  }

  Record<Object, Object> of(Record<byte[], byte[]> original, RecordMetadata source, Rejection rejection, long now) {
    byte[] key = maskedCopy(original.key());
    DeadLetter letter = DeadLetter.newBuilder()
        .setSourceTopic(source.topic())
        .setSourcePartition(source.partition())
        .setSourceOffset(source.offset())
        .setSourceTimestamp(Instant.ofEpochMilli(original.timestamp()))
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(original.value() == null ? null : ByteBuffer.wrap(maskedCopy(original.value())))
        .setErrorKind(rejection.kind())
        .setErrorMessage(PanDetector.mask(rejection.message()))
        .setFailedAt(Instant.ofEpochMilli(now))
        .setInstanceId(instanceId)
        .build();
    recorder.deadLettered(rejection.kind());
    return new Record<>(key, letter, original.timestamp());
  }

  /** A PAN must not reach any topic, not even inside the bytes kept for forensics. */
  private static byte[] maskedCopy(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    byte[] copy = bytes.clone();
    PanDetector.maskInPlace(copy);
    return copy;
  }

  static ErrorKind kindOf(WireFormatException.Kind kind) {
    return switch (kind) {
      case UNKNOWN_MAGIC_BYTE -> ErrorKind.UNKNOWN_MAGIC_BYTE;
      case UNKNOWN_SCHEMA_ID -> ErrorKind.UNKNOWN_SCHEMA_ID;
      case TRUNCATED -> ErrorKind.TRUNCATED;
      case CORRUPT, REGISTRY_UNAVAILABLE -> ErrorKind.UNDECODABLE;
    };
  }
}
