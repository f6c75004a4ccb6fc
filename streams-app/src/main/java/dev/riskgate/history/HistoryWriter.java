package dev.riskgate.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.Transaction;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes history in the CSV or JSON Lines format that replay and backtest read. CSV holds one record type per file,
 * so status changes need a file of their own; JSON Lines interleaves them with the transactions.
 */
public final class HistoryWriter implements AutoCloseable {
  private final HistoryFormat format;
  private final BufferedWriter transactions;
  private final BufferedWriter statuses;
  private final boolean labels;

  /** {@code statusFile} is required for CSV when status changes are written; {@code labels} adds the label column. */
  public HistoryWriter(Path file, Path statusFile, boolean labels) throws IOException {
    this.format = HistoryFormat.of(file);
    if (format == HistoryFormat.AVRO) {
      throw new IllegalArgumentException(file + ": history files are written as .csv or .jsonl");
    }
    this.labels = labels;
    this.transactions = Files.newBufferedWriter(file);
    this.statuses = statusFile == null ? null : Files.newBufferedWriter(statusFile);
    if (format == HistoryFormat.CSV) {
      String header = String.join(",", HistoryFields.TRANSACTION);
      transactions.write(labels ? header + "," + HistoryFields.LABEL : header);
      transactions.newLine();
      if (statuses != null) {
        statuses.write(String.join(",", HistoryFields.STATUS));
        statuses.newLine();
      }
    }
  }

  /** Whether status changes have somewhere to go. */
  public boolean takesStatuses() {
    return format == HistoryFormat.JSONL || statuses != null;
  }

  public void write(Transaction tx, String label) {
    String[] values = HistoryFields.values(tx);
    if (format == HistoryFormat.CSV) {
      String line = CsvLine.join(values);
      line(transactions, labels ? line + "," + (label == null ? "" : label) : line);
    } else {
      ObjectNode node = object(HistoryFields.TRANSACTION.toArray(String[]::new), values);
      node.put("amountMinor", tx.getAmountMinor());
      if (labels && label != null) {
        node.put(HistoryFields.LABEL, label);
      }
      line(transactions, node.toString());
    }
  }

  public void write(EntityStatus status) {
    if (!takesStatuses()) {
      throw new IllegalStateException("a CSV history needs a file of its own for status changes");
    }
    String[] values = HistoryFields.values(status);
    if (format == HistoryFormat.CSV) {
      line(statuses, CsvLine.join(values));
    } else {
      line(transactions, object(HistoryFields.STATUS.toArray(String[]::new), values).toString());
    }
  }

  private static ObjectNode object(String[] names, String[] values) {
    ObjectNode node = JsonLinesHistory.JSON.createObjectNode();
    for (int i = 0; i < names.length; i++) {
      if (values[i] != null) {
        node.put(names[i], values[i]);
      }
    }
    return node;
  }

  private static void line(BufferedWriter out, String text) {
    try {
      out.write(text);
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    try (transactions) {
      if (statuses != null) {
        statuses.close();
      }
    }
  }
}
