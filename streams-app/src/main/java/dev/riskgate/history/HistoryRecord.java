package dev.riskgate.history;

import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import dev.riskgate.status.StatusReasons;

/** One record of a history source (a file or a topic range), or why it could not be read. */
public sealed interface HistoryRecord {

  /** Where the record is: the line of a text file (the CSV header is line 1), the record number of an Avro file. */
  long line();

  /** A transaction with the key it is (or was) produced under, and its fraud label when the source carries one. */
  record TransactionRow(long line, String key, Transaction transaction, String label) implements HistoryRecord {}

  /** An entity-status change; its key is {@code <TYPE>:<id>}, as on the entity-status topic. */
  record StatusRow(long line, EntityStatus status) implements HistoryRecord {
    public String key() {
      return StatusReasons.key(status.getEntityType(), status.getEntityId());
    }
  }

  /** A record that could not be read; {@code input} is its text with card numbers masked. */
  record BadRow(long line, ErrorKind kind, String reason, String input) implements HistoryRecord {}

  /** Event time of a transaction, effective time of a status change; a bad row sorts first. */
  static long timeOf(HistoryRecord record) {
    if (record instanceof TransactionRow t) {
      return t.transaction().getEventTime().toEpochMilli();
    }
    if (record instanceof StatusRow s) {
      return s.status().getEffectiveTime().toEpochMilli();
    }
    return Long.MIN_VALUE;
  }
}
