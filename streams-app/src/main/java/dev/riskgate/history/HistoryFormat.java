package dev.riskgate.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats of history, chosen by file extension unless named. */
public enum HistoryFormat {
  CSV, JSONL, AVRO;

  /** By extension: .csv, .jsonl / .ndjson / .json, .avro. */
  public static HistoryFormat of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return JSONL;
    }
    if (name.endsWith(".avro")) {
      return AVRO;
    }
    throw new IllegalArgumentException(file + ": cannot tell the format from the name; use .csv, .jsonl or .avro, "
        + "or name it with --format");
  }

  public HistoryReader open(Path file) throws IOException {
    return switch (this) {
      case CSV -> new CsvHistory(file);
      case JSONL -> new JsonLinesHistory(file);
      case AVRO -> new AvroFileHistory(file);
    };
  }

  /**
   * Transactions, and status changes from a second file when given, merged by time (status changes first on a tie,
   * so a block applies to a transaction at the same millisecond).
   */
  public static HistoryReader open(Path transactions, HistoryFormat format, Path statuses) throws IOException {
    HistoryReader main = (format == null ? of(transactions) : format).open(transactions);
    if (statuses == null) {
      return main;
    }
    try {
      return new TimeMergedHistory(of(statuses).open(statuses), main);
    } catch (IOException | RuntimeException e) {
      main.close();
      throw e;
    }
  }
}
