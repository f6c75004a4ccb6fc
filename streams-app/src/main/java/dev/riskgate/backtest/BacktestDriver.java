package dev.riskgate.backtest;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.HistoryRecord.BadRow;
import dev.riskgate.history.HistoryRecord.StatusRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.history.HistoryRecord;
import dev.riskgate.history.TieOrderedHistory;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.Transaction;
import dev.riskgate.topics.Topics;
import dev.riskgate.topology.OfflineScreening.FirstScreened;
import dev.riskgate.topology.OfflineScreening.Screened;
import dev.riskgate.topology.OfflineScreening;
import dev.riskgate.validation.Rejection;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Screens history offline with one or more rulesets side by side in one pass over the input, through one
 * {@link OfflineScreening}: each transaction is handed over as the object it was read as, its features are computed
 * once (no decision feeds back into them), and every ruleset decides it and remembers its own decisions for retries.
 * Status changes apply in input order, before every later transaction: event-time semantics when the input is in
 * time order (see docs/backtesting.md).
 *
 * <p>{@link #run} screens on a thread of its own ({@link RulesetWorker}) while this thread reads, prepares and
 * delivers: batches of records go to the worker, and their outcomes reach the listener in input order, exactly as
 * {@link #accept} would deliver them one at a time. The screening stays sequential, so the result does not depend on
 * thread timing.
 */
public final class BacktestDriver implements AutoCloseable {

  /** Receives every record's outcome, in input order. */
  public interface Listener {
    /** {@code screened} has one entry per ruleset, in the order the rulesets were given. */
    void screened(TransactionRow row, List<Screened> screened);

    /** A row that could not be read as a transaction or status change. */
    void unreadable(BadRow row);
  }

  /** Records per hand-over to the workers: large enough that queueing costs nothing per record. */
  static final int BATCH_SIZE = 1_024;
  /** Batches read ahead of the listener: the worker never waits for the reader, and memory stays bounded. */
  private static final int MAX_IN_FLIGHT = 8;

  private final String scope = "backtest-" + UUID.randomUUID();
  private final Topics topics;
  private final List<Ruleset> rulesets;
  private final OfflineScreening screening;
  private RulesetWorker<FirstScreened> worker;
  private final Serializer<EntityStatus> statuses;

  /** {@code settings} as in a properties file (dedupe.window, validation.*); the registry is an in-process one. */
  public BacktestDriver(Map<String, String> settings, List<Ruleset> rulesets) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("schema.registry.url", "mock://" + scope);
    all.put("instance.id", "backtest");
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), all);
    topics = new Topics("", MockSchemaRegistryClient.forScope(scope));
    statuses = topics.entityStatus().valueSerde().serializer();
    this.rulesets = List.copyOf(rulesets);
    // serdes keep per-instance caches and buffers: the screening gets its own, on the shared (synchronised) registry
    // scope, so that it can run on the worker thread
    screening = new OfflineScreening(config, new Topics("", MockSchemaRegistryClient.forScope(scope)), rulesets);
  }

  /**
   * Reads the whole source, screening on a thread of its own; returns the number of records read. A failure on the
   * worker thread is thrown here, naming the rulesets and the line.
   */
  public long run(HistoryReader history, Listener listener) throws IOException {
    // the live merchant side decides same-millisecond transactions by transactionId: so must the backtest
    HistoryReader source = new TieOrderedHistory(history);
    startWorker();
    Deque<InFlight> inFlight = new ArrayDeque<>();
    List<PreparedRecord> batch = new ArrayList<>(BATCH_SIZE);
    long read = 0;
    for (HistoryRecord record = source.next(); record != null; record = source.next()) {
      batch.add(prepare(record));
      read++;
      if (batch.size() == BATCH_SIZE) {
        inFlight.add(submit(batch));
        batch = new ArrayList<>(BATCH_SIZE);
        if (inFlight.size() == MAX_IN_FLIGHT) {
          deliver(inFlight.remove(), listener);
        }
      }
    }
    if (!batch.isEmpty()) {
      inFlight.add(submit(batch));
    }
    while (!inFlight.isEmpty()) {
      deliver(inFlight.remove(), listener);
    }
    return read;
  }

  /** Screens one record with every ruleset on this thread, then tells the listener. */
  public void accept(HistoryRecord record, Listener listener) {
    FirstScreened first = prepare(record).applyTo(screening);
    tell(record, first == null ? null : screening.decideOthers(first), listener);
  }

  private PreparedRecord prepare(HistoryRecord record) {
    if (record instanceof TransactionRow row) {
      Transaction tx = row.transaction();
      if (tx.getEventTime().getNano() % 1_000_000 != 0) {
        // what the wire format would keep; a copy, so that a reject still shows the row as read
        tx = Transaction.newBuilder(tx).setEventTime(tx.getEventTime().truncatedTo(ChronoUnit.MILLIS)).build();
      }
      long timestamp = tx.getEventTime().toEpochMilli();
      return new PreparedRecord(row, row.key(), screening.validate(row.key(), tx, timestamp), null, timestamp);
    }
    if (record instanceof StatusRow row) {
      Rejection refused = screening.validateStatus(row.status());
      if (refused != null) {
        return new PreparedRecord(new BadRow(row.line(), refused.kind(), refused.message(),
            PanDetector.mask(row.status().toString())), null, null, null, 0);
      }
      return new PreparedRecord(row, row.key(), null, statuses.serialize(topics.entityStatus().name(), row.status()),
          row.status().getEffectiveTime().toEpochMilli());
    }
    return new PreparedRecord(record, null, null, null, 0);
  }

  private static void tell(HistoryRecord record, Screened[] screened, Listener listener) {
    if (record instanceof TransactionRow row) {
      listener.screened(row, Arrays.asList(screened));
    } else if (record instanceof BadRow row) {
      listener.unreadable(row);
    }
  }

  /** A batch handed to the worker, with its pending result: per record, one outcome per ruleset. */
  private record InFlight(List<PreparedRecord> records, Future<List<FirstScreened>> results) {}

  private void startWorker() {
    if (worker == null) {
      String names = (rulesets.size() == 1 ? "ruleset " : "rulesets ")
          + String.join(", ", rulesets.stream().map(Ruleset::version).toList());
      worker = new RulesetWorker<>(names, record -> record.applyTo(screening));
    }
  }

  private InFlight submit(List<PreparedRecord> batch) {
    return new InFlight(batch, worker.submit(batch));
  }

  /**
   * The other rulesets decide here, on the reading thread, in input order: the screening thread, the backtest's
   * bottleneck, has already gone on with the next batches.
   */
  private void deliver(InFlight batch, Listener listener) {
    List<FirstScreened> screened = worker.await(batch.results());
    for (int i = 0; i < batch.records().size(); i++) {
      FirstScreened first = screened.get(i);
      tell(batch.records().get(i).record(), first == null ? null : screening.decideOthers(first), listener);
    }
  }

  @Override
  public void close() {
    // the thread first: the screening is closed only once the worker can no longer be using it
    if (worker != null) {
      worker.close();
    }
    screening.close();
    MockSchemaRegistryClient.dropScope(scope);
  }
}
