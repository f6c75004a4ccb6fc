package dev.riskgate.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riskgate.privacy.CardTokens;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.EntityType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Records as JSON for tools: field names of the Avro contract, times as ISO-8601, enums as names, bytes as base64
 * (and hex for a dead letter's original value). Card tokens are masked unless {@code unmask}.
 */
public final class RecordJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RecordJson() {}

  /** One JSON Lines entry: coordinates, key and decoded value, or the error and raw bytes. */
  public static ObjectNode line(Inspected r, boolean unmask) {
    ObjectNode line = NODES.objectNode();
    line.put("topic", r.topic());
    line.put("partition", r.partition());
    line.put("offset", r.offset());
    line.put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
    line.put("key", r.keyText(unmask));
    if (!r.decoded()) {
      line.put("error", PanDetector.mask(r.error()));
      byte[] bytes = shownBytes(r.value(), r, unmask);
      line.put("valueBase64", bytes == null ? null : Base64.getEncoder().encodeToString(bytes));
      line.put("valueHex", bytes == null ? null : HexFormat.of().formatHex(bytes));
      return line;
    }
    line.set("value", of(r.record(), unmask));
    if (r.record() instanceof DeadLetter letter && letter.getValue() != null) {
      line.put("valueHex", HexFormat.of().formatHex(deadLetterValue(letter, unmask)));
    }
    return line;
  }

  /** A dead letter's original value bytes, with the card token of its key starred out unless {@code unmask}. */
  public static byte[] deadLetterValue(DeadLetter letter, boolean unmask) {
    byte[] bytes = toArray(letter.getValue());
    return unmask || letter.getKey() == null ? bytes
        : CardTokens.maskIn(bytes, new String(toArray(letter.getKey()), StandardCharsets.UTF_8));
  }

  private static byte[] shownBytes(byte[] bytes, Inspected r, boolean unmask) {
    byte[] shown = withoutCardNumbers(bytes);
    return unmask || r.key() == null || !r.kind().keyedByCard() ? shown
        : CardTokens.maskIn(shown, new String(r.key(), StandardCharsets.UTF_8));
  }

  /** A copy of raw bytes with card-number-shaped digits starred out (the original when there are none). */
  static byte[] withoutCardNumbers(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    byte[] copy = bytes.clone();
    return PanDetector.maskInPlace(copy) ? copy : bytes;
  }

  /** Any Avro value (record, list, map, enum, logical type) as JSON. */
  public static JsonNode of(Object value, boolean unmask) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof GenericRecord record) {
      ObjectNode node = NODES.objectNode();
      boolean isCard = hasField(record, "entityType") && record.get("entityType") == EntityType.CARD;
      for (Schema.Field field : record.getSchema().getFields()) {
        Object v = record.get(field.pos());
        boolean token = field.name().equals("cardToken") || isCard && field.name().equals("entityId");
        if (record instanceof DeadLetter letter && field.name().equals("value") && v != null) {
          v = ByteBuffer.wrap(deadLetterValue(letter, unmask));
        } else if (record instanceof DeadLetter && field.name().equals("key") && v != null && !unmask) {
          v = CardTokens.mask(new String(toArray((ByteBuffer) v), StandardCharsets.UTF_8));
        }
        node.set(field.name(), token && v != null && !unmask ? NODES.textNode(CardTokens.mask(v.toString()))
            : of(v, unmask));
      }
      return node;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = NODES.objectNode();
      map.forEach((k, v) -> node.set(k.toString(), of(v, unmask)));
      return node;
    }
    if (value instanceof Iterable<?> items) {
      ArrayNode array = NODES.arrayNode();
      items.forEach(item -> array.add(of(item, unmask)));
      return array;
    }
    if (value instanceof ByteBuffer bytes) {
      return NODES.textNode(Base64.getEncoder().encodeToString(toArray(bytes)));
    }
    if (value instanceof Number || value instanceof Boolean) {
      return MAPPER.valueToTree(value);
    }
    // strings, enums, Instant (ISO-8601); a token may be unmasked, a card number in any text never
    return NODES.textNode(value instanceof CharSequence ? PanDetector.mask(value.toString()) : value.toString());
  }

  private static boolean hasField(GenericRecord record, String name) {
    return record.getSchema().getField(name) != null;
  }

  static byte[] toArray(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
