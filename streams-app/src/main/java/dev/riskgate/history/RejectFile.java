package dev.riskgate.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riskgate.schema.ErrorKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Rows that were not replayed, one JSON object per line: {@code {"line":12,"kind":"INVALID_AMOUNT","reason":"...",
 * "input":"..."}}, the input with card numbers masked. Created on the first reject only.
 */
public final class RejectFile implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path path;
  private final Map<ErrorKind, Long> counts = new EnumMap<>(ErrorKind.class);
  private BufferedWriter out;

  public RejectFile(Path path) {
    this.path = path;
  }

  public void add(long line, ErrorKind kind, String reason, String input) {
    counts.merge(kind, 1L, Long::sum);
    ObjectNode node = JSON.createObjectNode();
    node.put("line", line);
    node.put("kind", kind.name());
    node.put("reason", reason);
    node.put("input", input);
    try {
      if (out == null) {
        out = Files.newBufferedWriter(path);
      }
      out.write(node.toString());
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the reject file " + path, e);
    }
  }

  public Map<ErrorKind, Long> counts() {
    return counts;
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
