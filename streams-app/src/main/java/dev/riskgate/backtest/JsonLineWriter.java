package dev.riskgate.backtest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Flat JSON objects, one per line, UTF-8, written straight into a byte buffer: the bytes Jackson's generator writes for
 * the same calls, at a fraction of its cost on the backtest's hot path (two decision lines per transaction; through
 * the generator they were a quarter of the thread that reads the history and writes the files). Text that only needs
 * copying (printable ASCII, and characters beyond ASCII, written as UTF-8 as Jackson does) is copied here; any text
 * needing an escape (quotes, backslashes, control characters, surrogates) is handed to a Jackson generator, so the
 * rare cases stay exactly Jackson's.
 */
final class JsonLineWriter implements AutoCloseable {
  private static final int FLUSH_AT = 1 << 16;

  /** Per column, recently written values that were the same object as the one before, and their encoded bytes. */
  private static final int REMEMBERED = 4;

  private final OutputStream out;
  private final byte[][] names;
  private final String[][] recentValues;
  private final byte[][][] recentBytes;
  private final int[] nextRecent;
  private final String[] previousValues;
  private byte[] buffer = new byte[FLUSH_AT * 2];
  private int length;
  private boolean firstField;
  private final ByteArrayOutputStream escaped = new ByteArrayOutputStream();
  private final JsonGenerator escaper;

  /** Writes objects with the fields {@code columns}, addressed by their position in it. */
  JsonLineWriter(OutputStream out, String... columns) throws IOException {
    this.out = out;
    this.names = new byte[columns.length][];
    for (int i = 0; i < columns.length; i++) {
      names[i] = ('"' + columns[i] + "\":").getBytes(StandardCharsets.UTF_8);
    }
    this.recentValues = new String[columns.length][REMEMBERED];
    this.recentBytes = new byte[columns.length][REMEMBERED][];
    this.nextRecent = new int[columns.length];
    this.previousValues = new String[columns.length];
    this.escaper = new JsonFactory().createGenerator(escaped, JsonEncoding.UTF8);
    escaper.setRootValueSeparator(null);
  }

  void startObject() {
    ensure(1);
    buffer[length++] = '{';
    firstField = true;
  }

  /** Ends the object and the line. */
  void endObject() throws IOException {
    ensure(2);
    buffer[length++] = '}';
    buffer[length++] = '\n';
    if (length >= FLUSH_AT) {
      flush();
    }
  }

  /**
   * A text field. Values that recur as the same object (outcomes, reason codes, rule ids, the ruleset version) are
   * encoded once and then copied.
   */
  void string(int column, String value) throws IOException {
    field(column);
    if (value == null) {
      raw(NULL);
      return;
    }
    String[] recent = recentValues[column];
    for (int i = 0; i < REMEMBERED; i++) {
      if (recent[i] == value) {
        raw(recentBytes[column][i]);
        return;
      }
    }
    int start = length;
    encode(value);
    if (value == previousValues[column]) {
      // seen twice in this column: remember its bytes, replacing the oldest
      int slot = nextRecent[column];
      nextRecent[column] = (slot + 1) % REMEMBERED;
      recent[slot] = value;
      recentBytes[column][slot] = Arrays.copyOfRange(buffer, start, length);
    }
    previousValues[column] = value;
  }

  private void encode(String value) throws IOException {
    int chars = value.length();
    ensure(chars * 3 + 2); // a char is at most 3 UTF-8 bytes on the copying path (surrogates go to Jackson)
    int start = length;
    buffer[length++] = '"';
    for (int i = 0; i < chars; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
          length = start;
          escapedString(value);
          return;
        }
        buffer[length++] = (byte) c;
      } else if (c < 0x800) {
        buffer[length++] = (byte) (0xc0 | c >> 6);
        buffer[length++] = (byte) (0x80 | c & 0x3f);
      } else if (!Character.isSurrogate(c)) {
        buffer[length++] = (byte) (0xe0 | c >> 12);
        buffer[length++] = (byte) (0x80 | c >> 6 & 0x3f);
        buffer[length++] = (byte) (0x80 | c & 0x3f);
      } else {
        length = start;
        escapedString(value);
        return;
      }
    }
    buffer[length++] = '"';
  }

  void number(int column, int value) {
    field(column);
    ensure(11);
    if (value >= 0 && value < 10) {
      buffer[length++] = (byte) ('0' + value); // scores are mostly 0
    } else {
      raw(Integer.toString(value).getBytes(StandardCharsets.US_ASCII));
    }
  }

  void bool(int column, boolean value) {
    field(column);
    raw(value ? TRUE : FALSE);
  }

  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

  private void field(int column) {
    byte[] name = names[column];
    ensure(name.length + 1);
    if (!firstField) {
      buffer[length++] = ',';
    }
    firstField = false;
    System.arraycopy(name, 0, buffer, length, name.length);
    length += name.length;
  }

  private void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  private void escapedString(String value) throws IOException {
    escaped.reset();
    escaper.writeString(value);
    escaper.flush();
    raw(escaped.toByteArray());
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }

  void flush() throws IOException {
    out.write(buffer, 0, length);
    length = 0;
  }

  @Override
  public void close() throws IOException {
    try (out; escaper) {
      flush();
    }
  }
}
