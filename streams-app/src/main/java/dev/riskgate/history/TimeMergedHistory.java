package dev.riskgate.history;

import java.io.IOException;

/**
 * Two time-ordered sources as one: the record with the earlier time comes first, the first source wins a tie. Each
 * source keeps its own order, so a source that is out of order somewhere is still read whole and nothing is lost.
 */
final class TimeMergedHistory implements HistoryReader {
  private final HistoryReader first;
  private final HistoryReader second;
  private HistoryRecord nextOfFirst;
  private HistoryRecord nextOfSecond;

  TimeMergedHistory(HistoryReader first, HistoryReader second) throws IOException {
    this.first = first;
    this.second = second;
    nextOfFirst = first.next();
    nextOfSecond = second.next();
  }

  @Override
  public HistoryRecord next() throws IOException {
    HistoryRecord out;
    if (nextOfFirst != null
        && (nextOfSecond == null || HistoryRecord.timeOf(nextOfFirst) <= HistoryRecord.timeOf(nextOfSecond))) {
      out = nextOfFirst;
      nextOfFirst = first.next();
    } else {
      out = nextOfSecond;
      if (out != null) {
        nextOfSecond = second.next();
      }
    }
    return out;
  }

  @Override
  public double progress() {
    return Math.min(first.progress(), second.progress());
  }

  @Override
  public void close() throws IOException {
    try (first) {
      second.close();
    }
  }
}
