package dev.riskgate.status;

import dev.riskgate.schema.EntityStatus;
import dev.riskgate.validation.PanDetector;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports entity-status records that look-ups will not be able to use: no key, a value that does not decode, or a
 * key other than {@code <TYPE>:<id>} of the value. The record is stored as it is either way, as a restore would.
 */
public final class StatusRecordCheck implements BiConsumer<String, byte[]> {
  private static final Logger log = LoggerFactory.getLogger(StatusRecordCheck.class);
  private final String topic;
  private final Deserializer<EntityStatus> deserializer;

  public StatusRecordCheck(String topic, Deserializer<EntityStatus> deserializer) {
    this.topic = topic;
    this.deserializer = deserializer;
  }

  @Override
  public void accept(String key, byte[] value) {
    if (key == null) {
      log.warn("Ignoring an entity-status record without a key; the key must be <TYPE>:<id>");
      return;
    }
    if (value == null) {
      return;
    }
    EntityStatus status;
    try {
      status = deserializer.deserialize(topic, value);
    } catch (RuntimeException e) {
      log.error("Entity-status record for key '{}' does not decode; look-ups will ignore it: {}",
          PanDetector.mask(key), PanDetector.mask(e.getMessage()));
      return;
    }
    String expected = StatusReasons.key(status.getEntityType(), status.getEntityId());
    if (!expected.equals(key)) {
      log.warn("entity-status record keyed '{}' describes {}: it is ignored by look-ups until keyed {}",
          PanDetector.mask(key), PanDetector.mask(expected), PanDetector.mask(expected));
    }
    for (String text : new String[] {status.getReason(), status.getSource()}) {
      if (PanDetector.containsPan(text)) {
        // the status still applies (a freeze is not dropped for its comment); tools show the text masked
        log.error("entity-status record for {} carries a card number in its text ('{}'); fix the source system",
            PanDetector.mask(key), PanDetector.mask(text));
      }
    }
  }
}
