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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Screens history offline with one or more rulesets side by side, each through its own {@link OfflineScreening}
 * (its own card profiles, retry memory and statuses), in one pass over the input: each transaction is encoded to the
 * Avro wire format once and screened by every ruleset. Status changes apply in input order, before every later
 * transaction: event-time semantics when the input is in time order (see docs/backtesting.md).
 */
public final class BacktestDriver implements AutoCloseable {

  /** Receives every record's outcome, in input order. */
  public interface Listener {
    /** {@code screened} has one entry per ruleset, in the order the rulesets were given. */
    void screened(TransactionRow row, List<Screened> screened);

    /** A row that could not be read as a transaction or status change. */
    void unreadable(BadRow row);
  }

  private final String scope = "backtest-" + UUID.randomUUID();
  private final Topics topics;
  private final List<OfflineScreening> screenings = new ArrayList<>();
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
    for (Ruleset ruleset : rulesets) {
      screenings.add(new OfflineScreening(config, topics, ruleset));
    }
  }

  /** Reads the whole source; returns the number of records read. */
  public long run(HistoryReader source, Listener listener) throws IOException {
    long read = 0;
    for (HistoryRecord record = source.next(); record != null; record = source.next()) {
      accept(record, listener);
      read++;
    }
    return read;
  }

  public void accept(HistoryRecord record, Listener listener) {
    if (record instanceof TransactionRow row) {
      byte[] value = transactions.serialize(topics.transactions().name(), row.transaction());
      long time = row.transaction().getEventTime().toEpochMilli();
      List<Screened> screened = new ArrayList<>(screenings.size());
      for (OfflineScreening screening : screenings) {
        screened.add(screening.screen(row.key(), value, time));
      }
      listener.screened(row, screened);
    } else if (record instanceof StatusRow row) {
      byte[] value = statuses.serialize(topics.entityStatus().name(), row.status());
      for (OfflineScreening screening : screenings) {
        screening.applyStatus(row.key(), value, row.status().getEffectiveTime().toEpochMilli());
      }
    } else if (record instanceof BadRow row) {
      listener.unreadable(row);
    }
  }

  @Override
  public void close() {
    screenings.forEach(OfflineScreening::close);
    MockSchemaRegistryClient.dropScope(scope);
  }
}
