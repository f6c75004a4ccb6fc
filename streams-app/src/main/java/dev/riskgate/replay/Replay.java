package dev.riskgate.replay;

import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.HistoryRecord.BadRow;
import dev.riskgate.history.HistoryRecord.StatusRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.history.HistoryRecord;
import dev.riskgate.history.RejectFile;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.Rejection;
import dev.riskgate.validation.TransactionValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Sends history to the transactions and entity-status topics: each transaction keyed by its card token with its
 * event time as the record timestamp, each status change keyed {@code <TYPE>:<id>} at its effective time, one
 * producer in source order (idempotent, so per-partition and hence per-card order survives retries). A transaction the
 * pipeline would refuse is refused here with the pipeline's own validator and written to the reject file instead.
 */
public final class Replay {

  /** What a replay did. {@code stoppedAt} is the line of the reject that stopped a strict replay, else 0. */
  public record Summary(long read, long transactions, long statuses, Map<ErrorKind, Long> rejected, long stoppedAt,
      Duration elapsed, boolean dryRun, double sendRate, long statusesAwaited, Duration awaited) {
    public long rejectedTotal() {
      return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    public String format() {
      double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
      StringBuilder out = new StringBuilder();
      out.append(String.format("%s %,d records in %.1f s (%,.0f/s): %,d transactions, %,d status changes, %,d rejected",
          dryRun ? "dry run, nothing produced: checked" : "replayed", read, seconds, read / seconds, transactions,
          statuses, rejectedTotal()));
      if (!dryRun && sendRate > 0) {
        out.append(String.format("; sent at %,.0f records/s", sendRate));
      }
      if (statusesAwaited > 0) {
        out.append(String.format("%n  waited %.1f s for the app to apply %,d status changes before the transactions "
            + "after them", awaited.toNanos() / 1e9, statusesAwaited));
      }
      rejected.forEach((kind, n) -> out.append(String.format("%n  rejected %-18s %,d", kind, n)));
      if (stoppedAt > 0) {
        out.append(String.format("%nstopped at line %d (--strict); records before it were %s", stoppedAt,
            dryRun ? "checked" : "produced"));
      }
      return out.toString();
    }
  }

  private final Topics topics;
  private final Producer<String, byte[]> producer;
  private final TransactionValidator validator;
  private final Pace pace;
  private final boolean strict;
  private final long retentionMs;
  private final PrintStream err;
  private volatile Exception sendFailure;
  private volatile boolean stopping;
  private AppliedWait appliedWait = AppliedWait.NONE;

  /**
   * @param producer null for a dry run: everything is read and checked, nothing is sent
   * @param retentionMs retention of the transactions topic, -1 for none: older records draw one warning
   */
  public Replay(Topics topics, Producer<String, byte[]> producer, TransactionValidator validator, Pace pace,
      boolean strict, long retentionMs, PrintStream err) {
    this.topics = topics;
    this.producer = producer;
    this.validator = validator;
    this.pace = pace;
    this.strict = strict;
    this.retentionMs = retentionMs;
    this.err = err;
  }

  /**
   * Before each transaction that follows a status change, waits until the app has applied the change on every
   * instance: the transaction is then decided with the change in force, as the backtest decides it.
   */
  public Replay waitingFor(AppliedWait wait) {
    this.appliedWait = wait;
    return this;
  }

  /** From a shutdown hook: stop after the current record; what was sent is flushed and counted. */
  public void stop() {
    stopping = true;
  }

  public Summary run(HistoryReader source, RejectFile rejects, ReplayProgress progress) throws IOException {
    boolean dryRun = producer == null;
    String txTopic = topics.transactions().name();
    String statusTopic = topics.entityStatus().name();
    Serializer<Transaction> txSerializer = topics.transactions().valueSerde().serializer();
    Serializer<EntityStatus> statusSerializer = topics.entityStatus().valueSerde().serializer();
    long start = System.nanoTime();
    long read = 0;
    long sent = 0;
    long transactions = 0;
    long statuses = 0;
    long stoppedAt = 0;
    long firstTime = Long.MIN_VALUE;
    long firstSend = 0;
    long lastSend = 0;
    boolean retentionWarned = false;
    List<Future<RecordMetadata>> unapplied = new ArrayList<>();
    long statusesAwaited = 0;
    long awaitedNanos = 0;
    HistoryRecord record;
    while (!stopping && sendFailure == null && (record = source.next()) != null) {
      read++;
      long now = System.currentTimeMillis();
      BadRow bad = record instanceof BadRow b ? b : rejectionOf(record, now);
      if (bad != null) {
        rejects.add(bad.line(), bad.kind(), bad.reason(), bad.input());
        if (strict) {
          stoppedAt = bad.line();
          err.printf("line %d: %s: %s%n", bad.line(), bad.kind(), bad.reason());
          break;
        }
        continue;
      }
      long time = HistoryRecord.timeOf(record);
      if (!retentionWarned && retentionMs >= 0 && time < now - retentionMs) {
        retentionWarned = true;
        err.printf("warning: line %d has time %s, older than the retention of %s (%s): the broker will delete such "
            + "records within minutes; set retention.ms=-1 on the topic%n", record.line(), Instant.ofEpochMilli(time),
            txTopic, Duration.ofMillis(retentionMs));
      }
      if (!dryRun) {
        if (firstTime == Long.MIN_VALUE) {
          firstTime = time;
        } else {
          long wait = firstSend + pace.dueNanos(sent, time, firstTime) - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        if (record instanceof TransactionRow t) {
          if (!unapplied.isEmpty()) {
            long waitStart = System.nanoTime();
            progress.waitingForApp(true);
            statusesAwaited += awaitApplied(unapplied);
            progress.waitingForApp(false);
            awaitedNanos += System.nanoTime() - waitStart;
          }
          producer.send(new ProducerRecord<>(txTopic, null, time, t.key(),
              txSerializer.serialize(txTopic, t.transaction())), this::onSent);
        } else if (record instanceof StatusRow s) {
          Future<RecordMetadata> sentStatus = producer.send(new ProducerRecord<>(statusTopic, null, time, s.key(),
              statusSerializer.serialize(statusTopic, s.status())), this::onSent);
          if (appliedWait != AppliedWait.NONE) {
            unapplied.add(sentStatus);
          }
        }
        lastSend = System.nanoTime();
        // the clock starts at the first send: its metadata fetch and schema registration are not part of the pace
        firstSend = sent == 0 ? lastSend : firstSend;
        sent++;
      }
      if (record instanceof TransactionRow) {
        transactions++;
      } else {
        statuses++;
      }
      progress.update(read, source.progress());
    }
    if (!dryRun) {
      producer.flush();
    }
    progress.finish();
    if (sendFailure != null) {
      throw new IllegalStateException("the broker refused a record after " + sent + " were sent: " + sendFailure,
          sendFailure);
    }
    double sendRate = sent > 1 ? (sent - 1) * 1e9 / (lastSend - firstSend) : 0;
    return new Summary(read, transactions, statuses, rejects.counts(), stoppedAt,
        Duration.ofNanos(System.nanoTime() - start), dryRun, sendRate, statusesAwaited, Duration.ofNanos(awaitedNanos));
  }

  /** Waits for the app to apply the status changes sent since the last transaction; returns how many there were. */
  private int awaitApplied(List<Future<RecordMetadata>> sent) throws IOException {
    producer.flush();
    Map<Integer, Long> newest = new java.util.TreeMap<>();
    try {
      for (Future<RecordMetadata> future : sent) {
        RecordMetadata at = future.get();
        newest.merge(at.partition(), at.offset(), Math::max);
      }
      for (Map.Entry<Integer, Long> partition : newest.entrySet()) {
        appliedWait.await(topics.entityStatus().name(), partition.getKey(), partition.getValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the app to apply status changes", e);
    } catch (Exception e) {
      throw new IOException(e.getMessage(), e);
    }
    int count = sent.size();
    sent.clear();
    return count;
  }

  /** The pipeline's own verdict on a transaction, and on a status change's text. */
  private BadRow rejectionOf(HistoryRecord record, long now) {
    if (record instanceof StatusRow s) {
      Rejection rejection = validator.validateStatus(s.status());
      return rejection == null ? null : new BadRow(s.line(), rejection.kind(), rejection.message(),
          PanDetector.mask(s.status().toString()));
    }
    if (!(record instanceof TransactionRow t)) {
      return null;
    }
    Rejection rejection = validator.validate(t.key(), t.transaction(), now);
    return rejection == null ? null : new BadRow(t.line(), rejection.kind(), rejection.message(),
        PanDetector.mask(t.transaction().toString()));
  }

  private void onSent(RecordMetadata metadata, Exception failure) {
    if (failure != null && sendFailure == null) {
      sendFailure = failure;
    }
  }
}
