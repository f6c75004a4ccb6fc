package dev.riskgate.backtest;

import dev.riskgate.history.HistoryRecord;
import dev.riskgate.history.HistoryRecord.StatusRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.screening.OfflineScreening;
import dev.riskgate.screening.OfflineScreening.Screened;

/**
 * One input record as every ruleset sees it: encoded to the Avro wire format once, on the reading thread, and
 * handed to the screening, which decides it with every ruleset. {@code value} is null for a row that could not be read.
 */
record EncodedRecord(HistoryRecord record, String key, byte[] value, long timestamp) {

  /** Screens a transaction (one result per ruleset) or applies a status change; null for anything else. */
  Screened[] applyTo(OfflineScreening screening) {
    if (record instanceof TransactionRow) {
      return screening.screenAll(key, value, timestamp);
    }
    if (record instanceof StatusRow) {
      screening.applyStatus(key, value, timestamp);
    }
    return null;
  }
}
