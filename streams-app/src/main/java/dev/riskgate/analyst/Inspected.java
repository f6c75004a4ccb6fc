package dev.riskgate.analyst;

import dev.riskgate.privacy.CardTokens;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One record read from a riskgate topic: where it is, its raw bytes, and its decoded value or why it did not decode
 * (such a record is shown, never skipped).
 */
public record Inspected(TopicKind kind, String topic, int partition, long offset, long timestamp, byte[] key,
    byte[] value, SpecificRecord record, String error) {

  /** Decodes the value through the Schema Registry (the topic's own deserializer). */
  public static Inspected decode(TopicKind kind, Deserializer<?> values, ConsumerRecord<byte[], byte[]> r) {
    SpecificRecord decoded = null;
    String error = null;
    try {
      decoded = (SpecificRecord) values.deserialize(r.topic(), r.value());
      if (decoded == null) {
        error = "no value (tombstone)";
      }
    } catch (RuntimeException e) {
      error = e.getMessage();
    }
    return new Inspected(kind, r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), decoded,
        error);
  }

  public boolean decoded() {
    return record != null;
  }

  /** The key as text; card-token keys masked unless {@code unmask}. */
  public String keyText(boolean unmask) {
    if (key == null) {
      return null;
    }
    String text = new String(key, StandardCharsets.UTF_8);
    if (unmask) {
      return text;
    }
    if (kind.keyedByCard()) {
      return CardTokens.mask(text);
    }
    if (kind == TopicKind.ENTITY_STATUS && text.startsWith("CARD:")) {
      return "CARD:" + CardTokens.mask(text.substring("CARD:".length()));
    }
    return text;
  }
}
