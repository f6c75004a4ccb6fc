package dev.riskgate.history;

import java.io.IOException;

/** Reads a history source record by record, in source order. */
public interface HistoryReader extends AutoCloseable {

  /** The next record, or null at the end. */
  HistoryRecord next() throws IOException;

  /** Share of the source read so far, from 0 to 1. */
  double progress();

  @Override
  void close() throws IOException;
}
