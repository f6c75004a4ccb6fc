package dev.riskgate.history;

import dev.riskgate.history.HistoryRecord.TransactionRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A history read in the order the live merchant side decides it: consecutive transactions of the same millisecond
 * ordered by transactionId (a retry after its original). Live, transactions reach a merchant from every card partition
 * and are released by event time, then transactionId; a backtest reading the file in its own order would fold
 * same-millisecond transactions into a merchant's features in another order. Any other row ends a run.
 */
public final class TieOrderedHistory implements HistoryReader {
  /** As the merchant side's release order: the ids' UTF-8 bytes, unsigned. */
  private static final Comparator<TransactionRow> BY_ID = (a, b) -> Arrays.compareUnsigned(
      a.transaction().getTransactionId().getBytes(StandardCharsets.UTF_8),
      b.transaction().getTransactionId().getBytes(StandardCharsets.UTF_8));
  private final HistoryReader source;
  private final Deque<HistoryRecord> ready = new ArrayDeque<>();
  private HistoryRecord pending;

  public TieOrderedHistory(HistoryReader source) {
    this.source = source;
  }

  @Override
  public HistoryRecord next() throws IOException {
    if (!ready.isEmpty()) {
      return ready.poll();
    }
    HistoryRecord first = pending != null ? pending : source.next();
    pending = null;
    if (!(first instanceof TransactionRow row)) {
      return first;
    }
    long millisecond = millisecondOf(row);
    List<TransactionRow> run = new ArrayList<>();
    run.add(row);
    for (HistoryRecord next = source.next(); next != null; next = source.next()) {
      if (!(next instanceof TransactionRow t) || millisecondOf(t) != millisecond) {
        pending = next;
        break;
      }
      run.add(t);
    }
    run.sort(BY_ID); // stable: a retry stays after its original
    ready.addAll(run);
    return ready.poll();
  }

  private static long millisecondOf(TransactionRow row) {
    return row.transaction().getEventTime().toEpochMilli();
  }

  @Override
  public double progress() {
    return source.progress();
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
