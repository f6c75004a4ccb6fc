package dev.riskgate.status;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.serde.WireFormat;
import dev.riskgate.status.StatusHistory.Version;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds each entity-status record to its entity's {@link StatusHistory} in the global status store. Kafka Streams
 * reprocesses the topic through this processor when it restores the store, so the histories are rebuilt on every
 * start from the topic, which keeps every version for {@code min.compaction.lag.ms} (set by riskgate to the
 * history's horizon). Runs on the global thread, which cannot be replaced: nothing here may throw, and a value that
 * does not decode (a registry outage, broken bytes) is kept as it is, to be read again when it is looked up.
 */
public final class StatusHistoryUpdater implements Processor<String, byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(StatusHistoryUpdater.class);
  private final String storeName;
  private final String topic;
  private final Deserializer<EntityStatus> deserializer;
  private final long horizonMs;
  private final LateStatusWatch watch;
  private final Runnable onLate;
  private KeyValueStore<String, byte[]> store;

  /**
   * {@code horizonMs}: how long a superseded version is kept (at least the oldest event time accepted); {@code onLate}
   * counts a change that arrives after a transaction it covers was decided ({@code watch}).
   */
  public StatusHistoryUpdater(String storeName, String topic, Deserializer<EntityStatus> deserializer, long horizonMs,
      LateStatusWatch watch, Runnable onLate) {
    this.storeName = storeName;
    this.topic = topic;
    this.deserializer = deserializer;
    this.horizonMs = horizonMs;
    this.watch = watch;
    this.onLate = onLate;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String key = record.key();
    if (key == null) {
      log.warn("Ignoring an entity-status record without a key; the key must be <TYPE>:<id>");
      return;
    }
    Version version = versionOf(key, record.value(), record.timestamp());
    if (version == null) {
      return;
    }
    try {
      store.put(key, StatusHistory.with(store.get(key), version, horizonMs));
    } catch (RuntimeException e) { // a history this build cannot read: start it again rather than stop the thread
      log.error("Status history of '{}' could not be extended ({}); it restarts with this change",
          PanDetector.mask(key), e.toString());
      store.put(key, StatusHistory.with(null, version, horizonMs));
    }
    if (watch.late(key, version.time())) {
      log.info("Status change of {} effective {} arrived after a transaction it covers was decided; that decision "
          + "stands", PanDetector.mask(key), java.time.Instant.ofEpochMilli(version.time()));
      onLate.run();
    }
  }

  /** The version to add, or null when the record is for another key than its own (look-ups would never find it). */
  private Version versionOf(String key, byte[] value, long timestamp) {
    if (value == null) {
      return new Version(timestamp, true, null);
    }
    EntityStatus status;
    try {
      status = deserializer.deserialize(topic, value);
    } catch (RuntimeException e) {
      log.error("Entity-status record for '{}' cannot be read now ({}); transactions it may cover are blocked with "
          + "response code 96 until it can be read or a newer change supersedes it", PanDetector.mask(key),
          PanDetector.mask(String.valueOf(e.getMessage())));
      return new Version(timestamp, false, value);
    }
    String expected = StatusReasons.key(status.getEntityType(), status.getEntityId());
    if (!expected.equals(key)) {
      log.warn("entity-status record keyed '{}' describes {}: it is ignored by look-ups until keyed {}",
          PanDetector.mask(key), PanDetector.mask(expected), PanDetector.mask(expected));
      return null;
    }
    if (PanDetector.containsPan(status.getReason()) || PanDetector.containsPan(status.getSource())) {
      // the status still applies (a freeze is not dropped for its comment), but its text is kept masked
      log.error("entity-status record for {} carries a card number in its text ('{}', '{}'); it is kept masked; fix "
          + "the source system", PanDetector.mask(key), PanDetector.mask(status.getReason()),
          PanDetector.mask(status.getSource()));
      return new Version(status.getEffectiveTime().toEpochMilli(), true, masked(status, value));
    }
    return new Version(status.getEffectiveTime().toEpochMilli(), true, value);
  }

  /**
   * The record's bytes with the card numbers in its reason and source masked as tools show them (digits to '*', the
   * last four kept), written over the same bytes of each string (its Avro length and every other field untouched),
   * then checked by reading them back. Bytes that could not be masked that way become bytes that cannot be read, so
   * that look-ups of the entity fail closed (response code 96) rather than hold the card number.
   */
  private byte[] masked(EntityStatus status, byte[] value) {
    byte[] masked = value.clone();
    boolean done = true;
    for (String text : new String[] {status.getReason(), status.getSource()}) {
      if (PanDetector.containsPan(text)) {
        done &= overwrite(masked, text.getBytes(StandardCharsets.UTF_8),
            PanDetector.mask(text).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      EntityStatus read = done ? deserializer.deserialize(topic, masked) : null;
      if (read != null && read.getEntityType() == status.getEntityType()
          && read.getEntityId().equals(status.getEntityId()) && read.getStatus() == status.getStatus()
          && read.getEffectiveTime().equals(status.getEffectiveTime())
          && !PanDetector.containsPan(read.getReason()) && !PanDetector.containsPan(read.getSource())) {
        return masked;
      }
    } catch (RuntimeException e) {
      // falls through to the unreadable value
    }
    log.error("entity-status record for {} could not be masked without changing it: transactions it covers are "
        + "blocked with response code 96 until a newer change supersedes it", PanDetector.mask(
            StatusReasons.key(status.getEntityType(), status.getEntityId())));
    return new byte[0];
  }

  /** Writes {@code replacement} over the first Avro string holding {@code original} (its length, then its bytes). */
  private static boolean overwrite(byte[] record, byte[] original, byte[] replacement) {
    if (replacement.length != original.length) {
      return false;
    }
    byte[] length = zigZagVarint(original.length);
    outer:
    for (int at = WireFormat.HEADER_SIZE; at + length.length + original.length <= record.length; at++) {
      for (int i = 0; i < length.length; i++) {
        if (record[at + i] != length[i]) {
          continue outer;
        }
      }
      int from = at + length.length;
      if (Arrays.equals(record, from, from + original.length, original, 0, original.length)) {
        System.arraycopy(replacement, 0, record, from, replacement.length);
        return true;
      }
    }
    return false;
  }

  private static byte[] zigZagVarint(long n) {
    long v = (n << 1) ^ (n >> 63);
    byte[] out = new byte[10];
    int i = 0;
    while ((v & ~0x7FL) != 0) {
      out[i++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[i++] = (byte) v;
    return Arrays.copyOf(out, i);
  }
}
