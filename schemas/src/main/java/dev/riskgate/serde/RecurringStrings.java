package dev.riskgate.serde;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.Encoder;
import org.apache.avro.util.Utf8;

/**
 * Strings that recur in every event (feature names, rule ids, ruleset versions, topic and instance names), written
 * from UTF-8 bytes encoded once instead of on every write: encoding them was the largest part of writing an audit
 * event (JFR, live benchmark). Keyed by the string, whose hash Java caches. Shared by every writer and thread;
 * bounded, so that a string passed here that is not actually recurring cannot grow it without end.
 */
final class RecurringStrings {
  private static final int MAX_ENTRIES = 4_096;
  private static final ConcurrentHashMap<String, Utf8> ENCODED = new ConcurrentHashMap<>();

  private RecurringStrings() {}

  /** Writes {@code value} exactly as {@link Encoder#writeString(String)} would. */
  static void write(String value, Encoder out) throws IOException {
    Utf8 utf8 = ENCODED.get(value);
    if (utf8 == null) {
      if (ENCODED.size() >= MAX_ENTRIES) {
        ENCODED.clear();
      }
      utf8 = new Utf8(value);
      ENCODED.put(value, utf8);
    }
    out.writeString(utf8);
  }
}
