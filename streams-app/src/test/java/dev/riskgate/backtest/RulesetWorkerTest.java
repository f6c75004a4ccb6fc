package dev.riskgate.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.history.HistoryRecord.BadRow;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.topology.OfflineScreening.Screened;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A failure on the worker thread stops the backtest with its rulesets and line, instead of hanging or vanishing. */
class RulesetWorkerTest {

  @Test
  void aFailureOnTheWorkerIsThrownToTheCallerWithRulesetAndLine() {
    try (RulesetWorker<Screened[]> worker = new RulesetWorker<>("rulesets baseline-1, candidate-1", record -> {
      if (record.record().line() == 3) {
        throw new IllegalArgumentException("no merchant profile");
      }
      return null;
    })) {
      Future<List<Screened[]>> failed = worker.submit(batch(1, 5));
      Future<List<Screened[]>> after = worker.submit(batch(6, 8));

      assertThatThrownBy(() -> worker.await(failed)).isInstanceOf(IllegalStateException.class)
          .hasMessage("rulesets baseline-1, candidate-1 failed on line 3: "
              + "java.lang.IllegalArgumentException: no merchant profile")
          .hasRootCauseMessage("no merchant profile");
      assertThat(worker.await(after)).hasSize(3);
    }
  }

  @Test
  void aClosedWorkerTakesNoMoreBatches() {
    RulesetWorker<Screened[]> worker = new RulesetWorker<>("ruleset baseline", record -> null);
    worker.close();

    assertThatThrownBy(() -> worker.submit(batch(1, 1))).isInstanceOf(RejectedExecutionException.class);
  }

  private static List<PreparedRecord> batch(long firstLine, long lastLine) {
    return LongStream.rangeClosed(firstLine, lastLine)
        .mapToObj(line -> new PreparedRecord(new BadRow(line, ErrorKind.UNKNOWN, "test", ""), null, null, null, 0))
        .toList();
  }
}
