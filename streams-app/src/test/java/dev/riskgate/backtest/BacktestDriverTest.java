package dev.riskgate.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.HistoryRecord.BadRow;
import dev.riskgate.history.HistoryRecord.StatusRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.history.HistoryRecord;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.topology.OfflineScreening.Screened;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver's worker threads change nothing in what the listener sees, nor in what order. */
class BacktestDriverTest {
  private static final Ruleset CANDIDATE = CandidateRulesets.blockingTicketsAbove(300);

  @Test
  void runDeliversExactlyWhatScreeningOneRecordAtATimeDelivers() throws Exception {
    // several full batches and a partial one, with status changes, retries and unreadable rows among them
    List<HistoryRecord> history = history(3 * BacktestDriver.BATCH_SIZE + 517);
    List<Ruleset> rulesets = List.of(Rulesets.defaultRuleset(), CANDIDATE);

    Recording oneAtATime = new Recording();
    try (BacktestDriver driver = new BacktestDriver(Map.of(), rulesets)) {
      history.forEach(record -> driver.accept(record, oneAtATime));
    }
    Recording parallel = new Recording();
    long read;
    try (BacktestDriver driver = new BacktestDriver(Map.of(), rulesets)) {
      read = driver.run(reader(history), parallel);
    }

    assertThat(read).isEqualTo(history.size());
    assertThat(oneAtATime.seen).anySatisfy(s -> assertThat(s).startsWith("unreadable"))
        .anySatisfy(s -> assertThat(s).contains("\"retry\": true"));
    assertThat(parallel.seen).containsExactlyElementsOf(oneAtATime.seen);
  }

  @Test
  void aSingleRulesetRunsToo() throws Exception {
    List<HistoryRecord> history = history(BacktestDriver.BATCH_SIZE + 1);
    Recording recording = new Recording();
    try (BacktestDriver driver = new BacktestDriver(Map.of(), List.of(Rulesets.defaultRuleset()))) {
      driver.run(reader(history), recording);
    }

    assertThat(recording.seen).hasSize((int) history.stream().filter(r -> !(r instanceof StatusRow)).count());
  }

  /** Generated traffic (a status change every 40 transactions, 5% retries) and an unreadable row every 700. */
  private static List<HistoryRecord> history(int size) {
    TrafficGenerator generator =
        new TrafficGenerator(new TrafficGenerator.Settings(7, 300, 40, 40, 0.05, "parallel"));
    long now = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
    List<HistoryRecord> records = new ArrayList<>(size);
    for (long line = 2; records.size() < size; line++, now += 1_500) {
      if (line % 700 == 0) {
        records.add(new BadRow(line, ErrorKind.INVALID_AMOUNT, "amountMinor 'twelve' is not a whole number", "..."));
        continue;
      }
      TrafficGenerator.Event event = generator.next(now);
      if (event instanceof TrafficGenerator.TransactionEvent t) {
        records.add(new TransactionRow(line, t.transaction().getCardToken(), t.transaction(), "LEGIT"));
      } else if (event instanceof TrafficGenerator.StatusEvent s) {
        records.add(new StatusRow(line, s.status()));
      }
    }
    return records;
  }

  private static HistoryReader reader(List<HistoryRecord> records) {
    Iterator<HistoryRecord> next = records.iterator();
    return new HistoryReader() {
      @Override
      public HistoryRecord next() {
        return next.hasNext() ? next.next() : null;
      }

      @Override
      public double progress() {
        return 0;
      }

      @Override
      public void close() {}
    };
  }

  /** Everything the listener is told, in order, as text (Avro records print every field). */
  private static final class Recording implements BacktestDriver.Listener {
    final List<String> seen = new ArrayList<>();

    @Override
    public void screened(TransactionRow row, List<Screened> screened) {
      seen.add("line " + row.line() + " " + screened);
    }

    @Override
    public void unreadable(BadRow row) {
      seen.add("unreadable " + row);
    }
  }
}
