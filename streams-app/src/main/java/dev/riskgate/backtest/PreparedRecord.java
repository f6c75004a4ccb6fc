package dev.riskgate.backtest;

import dev.riskgate.history.HistoryRecord.StatusRow;
import dev.riskgate.history.HistoryRecord;
import dev.riskgate.topology.OfflineScreening.FirstScreened;
import dev.riskgate.topology.OfflineScreening.Validated;
import dev.riskgate.topology.OfflineScreening;

/**
 * One input record as every ruleset sees it, prepared on the reading thread: a transaction as the object the screening
 * takes (event time in whole milliseconds, as the wire format keeps it), already validated (a tenth of the screening
 * thread's work, which is the backtest's bottleneck), a status change as the Avro wire bytes of the entity-status
 * topic. Both are null for a row that could not be read.
 */
record PreparedRecord(HistoryRecord record, String key, Validated transaction, byte[] status, long timestamp) {

  /**
   * Screens a transaction with the first ruleset ({@link OfflineScreening#decideOthers} then gives every ruleset's
   * outcome) or applies a status change; null for anything else.
   */
  FirstScreened applyTo(OfflineScreening screening) {
    if (transaction != null) {
      return screening.screenFirst(transaction, timestamp);
    }
    if (record instanceof StatusRow) {
      screening.applyStatus(key, status, timestamp);
    }
    return null;
  }
}
