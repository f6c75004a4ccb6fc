package dev.riskgate.backtest;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.HistoryRecord;
import dev.riskgate.history.HistoryRecord.BadRow;
import dev.riskgate.history.HistoryRecord.StatusRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.OfflineScreening;
import dev.riskgate.screening.OfflineScreening.Screened;
import dev.riskgate.topics.Topics;
import java.io.IOException;
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
 * Screens history offline with one or more rulesets side by side, each through its own {@link OfflineScreening}
 * (its own card profiles, retry memory and statuses), in one pass over the input: each transaction is encoded to the
 * Avro wire format once and screened by every ruleset. Status changes apply in input order, before every later
 * transaction: event-time semantics when the input is in time order (see docs/backtesting.md).
 *
 * <p>{@link #run} screens each ruleset on a thread of its own ({@link RulesetWorker}) while this thread reads,
 * encodes and delivers: batches of records go to every worker, and their outcomes reach the listener in input order,
 * exactly as {@link #accept} would deliver them one at a time. Each ruleset stays sequential, so the result does not
 * depend on thread timing.
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
  /** Batches read ahead of the listener: the workers never wait for the reader, and memory stays bounded. */
  private static final int MAX_IN_FLIGHT = 3;

  private final String scope = "backtest-" + UUID.randomUUID();
  private final Topics topics;
  private final List<Ruleset> rulesets;
  private final List<OfflineScreening> screenings = new ArrayList<>();
  private final List<RulesetWorker> workers = new ArrayList<>();
  private final Serializer<Transaction> transactions;
  private final Serializer<EntityStatus> statuses;

  /** {@code settings} as in a properties file (dedupe.window, validation.*); the registry is an in-process one. */
  public BacktestDriver(Map<String, String> settings, List<Ruleset> rulesets) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("schema.registry.url", "mock://" + scope);
    all.put("instance.id", "backtest");
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), all);
    topics = new Topics("", MockSchemaRegistryClient.forScope(scope));
    transactions = topics.transactions().valueSerde().serializer();
    statuses = topics.entityStatus().valueSerde().serializer();
    this.rulesets = List.copyOf(rulesets);
    for (Ruleset ruleset : rulesets) {
      // serdes keep per-instance caches and buffers: each screening gets its own, on the shared (synchronised)
      // registry scope, so that it can run on a worker thread
      screenings.add(new OfflineScreening(config, new Topics("", MockSchemaRegistryClient.forScope(scope)), ruleset));
    }
  }

  /**
   * Reads the whole source, the rulesets screening on their own threads; returns the number of records read. A
   * failure on a worker thread is thrown here, naming the ruleset and the line.
   */
  public long run(HistoryReader source, Listener listener) throws IOException {
    startWorkers();
    Deque<InFlight> inFlight = new ArrayDeque<>();
    List<EncodedRecord> batch = new ArrayList<>(BATCH_SIZE);
    long read = 0;
    for (HistoryRecord record = source.next(); record != null; record = source.next()) {
      batch.add(encode(record));
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
    EncodedRecord encoded = encode(record);
    Screened[] screened = new Screened[screenings.size()];
    for (int i = 0; i < screened.length; i++) {
      screened[i] = encoded.applyTo(screenings.get(i));
    }
    tell(record, screened, listener);
  }

  private EncodedRecord encode(HistoryRecord record) {
    if (record instanceof TransactionRow row) {
      return new EncodedRecord(row, row.key(), transactions.serialize(topics.transactions().name(), row.transaction()),
          row.transaction().getEventTime().toEpochMilli());
    }
    if (record instanceof StatusRow row) {
      return new EncodedRecord(row, row.key(), statuses.serialize(topics.entityStatus().name(), row.status()),
          row.status().getEffectiveTime().toEpochMilli());
    }
    return new EncodedRecord(record, null, null, 0);
  }

  private static void tell(HistoryRecord record, Screened[] screened, Listener listener) {
    if (record instanceof TransactionRow row) {
      listener.screened(row, Arrays.asList(screened));
    } else if (record instanceof BadRow row) {
      listener.unreadable(row);
    }
  }

  /** A batch handed to every worker, with one pending result per ruleset. */
  private record InFlight(List<EncodedRecord> records, List<Future<Screened[]>> results) {}

  private void startWorkers() {
    if (workers.isEmpty()) {
      for (int i = 0; i < screenings.size(); i++) {
        OfflineScreening screening = screenings.get(i);
        workers.add(new RulesetWorker(rulesets.get(i).version(), record -> record.applyTo(screening)));
      }
    }
  }

  private InFlight submit(List<EncodedRecord> batch) {
    List<Future<Screened[]>> results = new ArrayList<>(workers.size());
    for (RulesetWorker worker : workers) {
      results.add(worker.submit(batch));
    }
    return new InFlight(batch, results);
  }

  private void deliver(InFlight batch, Listener listener) {
    Screened[][] byRuleset = new Screened[workers.size()][];
    for (int w = 0; w < byRuleset.length; w++) {
      byRuleset[w] = workers.get(w).await(batch.results().get(w));
    }
    for (int i = 0; i < batch.records().size(); i++) {
      Screened[] screened = new Screened[byRuleset.length];
      for (int w = 0; w < screened.length; w++) {
        screened[w] = byRuleset[w][i];
      }
      tell(batch.records().get(i).record(), screened, listener);
    }
  }

  @Override
  public void close() {
    // threads first: a screening is closed only once no worker can still be using it
    workers.forEach(RulesetWorker::close);
    screenings.forEach(OfflineScreening::close);
    MockSchemaRegistryClient.dropScope(scope);
  }
}
