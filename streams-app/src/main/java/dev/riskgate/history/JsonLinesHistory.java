package dev.riskgate.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riskgate.history.HistoryRecord.BadRow;
import dev.riskgate.history.HistoryRecord.StatusRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import java.io.IOException;
import java.nio.file.Path;

/**
 * JSON Lines history: one JSON object per line with the fields of {@link HistoryFields}; a line with an
 * {@code entityType} field is a status change, any other a transaction, so one file can interleave both.
 */
final class JsonLinesHistory implements HistoryReader {
  static final ObjectMapper JSON = new ObjectMapper();
  private final TextLines lines;

  JsonLinesHistory(Path file) throws IOException {
    lines = new TextLines(file);
  }

  @Override
  public HistoryRecord next() throws IOException {
    String line = lines.nextNonBlank();
    if (line == null) {
      return null;
    }
    long number = lines.number();
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return new BadRow(number, ErrorKind.UNDECODABLE, "not JSON: " + e.getOriginalMessage(), PanDetector.mask(line));
    }
    if (!node.isObject()) {
      return new BadRow(number, ErrorKind.UNDECODABLE, "not a JSON object", PanDetector.mask(line));
    }
    try {
      if (node.has(HistoryFields.STATUS_MARKER)) {
        return new StatusRow(number, HistoryFields.status(name -> textOf(node, name)));
      }
      Transaction tx = HistoryFields.transaction(name -> textOf(node, name));
      return new TransactionRow(number, tx.getCardToken(), tx, textOf(node, HistoryFields.LABEL));
    } catch (BadValueException e) {
      return new BadRow(number, e.kind(), e.getMessage(), PanDetector.mask(line));
    }
  }

  private static String textOf(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  public double progress() {
    return lines.progress();
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
