/**
 * History sources and sinks: CSV, JSON Lines and Avro files of transactions and status changes, merged and
 * tie-ordered by time, with rejects; imports statuses, validation and privacy.
 */
package dev.riskgate.history;
