package dev.riskgate.history;

import dev.riskgate.history.HistoryRecord.BadRow;
import dev.riskgate.history.HistoryRecord.StatusRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * CSV history: a header line naming the columns (any order; {@link HistoryFields#TRANSACTION} with an optional
 * {@code label}, or {@link HistoryFields#STATUS}), then one record per line. Values containing a comma or a quote are
 * quoted ("..."), a quote inside doubled; a value never spans lines.
 */
final class CsvHistory implements HistoryReader {
  private final TextLines lines;
  /** Column names in file order, interned: the fields ask by constant names, so a look-up compares references. */
  private final String[] columns;
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
    columns = names.stream().map(name -> name.strip().intern()).toArray(String[]::new);
    statuses = Arrays.asList(columns).contains(HistoryFields.STATUS_MARKER);
    List<String> known = new ArrayList<>(statuses ? HistoryFields.STATUS : HistoryFields.TRANSACTION);
    if (!statuses) {
      known.add(HistoryFields.LABEL);
    }
    List<String> unknown = Arrays.stream(columns).filter(n -> !known.contains(n)).toList();
    if (!unknown.isEmpty()) {
      lines.close();
      throw new IllegalArgumentException(file + ": unknown column(s) " + unknown + " in the header; known: " + known);
    }
    List<String> repeated =
        Arrays.stream(columns).filter(n -> Collections.frequency(Arrays.asList(columns), n) > 1).distinct().toList();
    if (!repeated.isEmpty()) {
      lines.close();
      throw new IllegalArgumentException(file + ": column(s) " + repeated + " named more than once in the header");
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
    if (values.size() != columns.length) {
      return new BadRow(number, ErrorKind.UNDECODABLE,
          "the line has " + values.size() + " values, the header " + columns.length + " columns",
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

  /** A scan of ~15 references in the same order every row: cheaper than hashing (a map was 5% of a backtest). */
  private String valueOf(List<String> values, String name) {
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] == name) {
        return values.get(i);
      }
    }
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].equals(name)) {
        return values.get(i); // a name that is not a constant
      }
    }
    return null;
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
