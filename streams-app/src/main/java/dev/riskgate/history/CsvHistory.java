package dev.riskgate.history;

import dev.riskgate.history.HistoryRecord.BadRow;
import dev.riskgate.history.HistoryRecord.StatusRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import dev.riskgate.validation.PanDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV history: a header line naming the columns (any order; {@link HistoryFields#TRANSACTION} with an optional
 * {@code label}, or {@link HistoryFields#STATUS}), then one record per line. Values containing a comma or a quote are
 * quoted ("..."), a quote inside doubled; a value never spans lines.
 */
final class CsvHistory implements HistoryReader {
  private final TextLines lines;
  private final Map<String, Integer> columns = new HashMap<>();
  private final boolean statuses;
  /** Reused for every line: a fresh list per line was the replay's largest cost. */
  private final List<String> row = new ArrayList<>(32);

  CsvHistory(Path file) throws IOException {
    lines = new TextLines(file);
    String header = lines.next();
    if (header == null || header.isBlank()) {
      lines.close();
      throw new IllegalArgumentException(file + ": the first line must be a header naming the columns: "
          + String.join(",", HistoryFields.TRANSACTION) + "[,label] or " + String.join(",", HistoryFields.STATUS));
    }
    List<String> names = CsvLine.split(header.strip(), new ArrayList<>());
    for (int i = 0; i < names.size(); i++) {
      // interned: the fields ask by constant names, so each look-up is answered by identity, not by comparing text
      columns.put(names.get(i).strip().intern(), i);
    }
    statuses = columns.containsKey(HistoryFields.STATUS_MARKER);
    List<String> known = new ArrayList<>(statuses ? HistoryFields.STATUS : HistoryFields.TRANSACTION);
    if (!statuses) {
      known.add(HistoryFields.LABEL);
    }
    List<String> unknown = names.stream().map(String::strip).filter(n -> !known.contains(n)).toList();
    if (!unknown.isEmpty()) {
      lines.close();
      throw new IllegalArgumentException(file + ": unknown column(s) " + unknown + " in the header; known: " + known);
    }
  }

  @Override
  public HistoryRecord next() throws IOException {
    String line = lines.nextNonBlank();
    if (line == null) {
      return null;
    }
    long number = lines.number();
    List<String> values = CsvLine.split(line, row);
    if (values.size() != columns.size()) {
      return new BadRow(number, ErrorKind.UNDECODABLE,
          "the line has " + values.size() + " values, the header " + columns.size() + " columns",
          PanDetector.mask(line));
    }
    try {
      if (statuses) {
        return new StatusRow(number, HistoryFields.status(name -> valueOf(values, name)));
      }
      Transaction tx = HistoryFields.transaction(name -> valueOf(values, name));
      String label = valueOf(values, HistoryFields.LABEL);
      return new TransactionRow(number, tx.getCardToken(), tx, label == null || label.isBlank() ? null : label);
    } catch (BadValueException e) {
      return new BadRow(number, e.kind(), e.getMessage(), PanDetector.mask(line));
    }
  }

  private String valueOf(List<String> values, String name) {
    Integer index = columns.get(name);
    return index == null ? null : values.get(index);
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
