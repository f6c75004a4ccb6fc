package dev.riskgate.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.generate.LabelledDay;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.history.HistoryFormat;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.HistoryWriter;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.Rulesets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backtests of a labelled day: byte-identical outputs for the same inputs, and a diff that shows a rule change. */
class BacktestTest {
  /** The default ruleset plus a rule that blocks every ticket above 500 USD. */
  private static final Ruleset CANDIDATE = CandidateRulesets.blockingTicketsAbove(500);

  @TempDir Path dir;
  private Path history;
  private Path statuses;

  @BeforeEach
  void writeLabelledDay() throws Exception {
    history = dir.resolve("day.csv");
    statuses = dir.resolve("statuses.csv");
    try (HistoryWriter writer = new HistoryWriter(history, statuses, true)) {
      for (LabelledDay.Labelled e : LabelledDay.generate(5, Instant.parse("2026-10-01T00:00:00Z").toEpochMilli(),
          6_000, 4)) {
        if (e.event() instanceof TrafficGenerator.TransactionEvent t) {
          writer.write(t.transaction(), e.label().name());
        } else if (e.event() instanceof TrafficGenerator.StatusEvent s) {
          writer.write(s.status());
        }
      }
    }
  }

  @Test
  void theSameInputsGiveByteIdenticalOutputs() throws Exception {
    String first = backtest(dir.resolve("first"), DecisionFileWriter.Format.JSONL);
    String second = backtest(dir.resolve("second"), DecisionFileWriter.Format.JSONL);

    assertThat(second).isEqualTo(first);
    List<Path> files = files(dir.resolve("first"));
    assertThat(files).extracting(p -> p.getFileName().toString())
        .contains("baseline-decisions.jsonl", "candidate-decisions.jsonl", "changes.jsonl", "report.txt");
    for (Path file : files) {
      assertThat(Files.readAllBytes(dir.resolve("second").resolve(file.getFileName())))
          .as(file.getFileName().toString()).isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void reportsWhatTheCandidateChanges() throws Exception {
    String report = backtest(dir.resolve("out"), DecisionFileWriter.Format.CSV);

    List<String> baseline = Files.readAllLines(dir.resolve("out/baseline-decisions.csv"));
    List<String> changes = Files.readAllLines(dir.resolve("out/changes.jsonl"));
    long bigTickets = Files.readAllLines(dir.resolve("out/candidate-decisions.csv")).stream()
        .filter(l -> l.contains("big-ticket")).count();
    assertThat(baseline.get(0)).isEqualTo(String.join(",", DecisionFileWriter.COLUMNS));
    assertThat(baseline).hasSizeGreaterThan(6_000);
    assertThat(bigTickets).isPositive();
    assertThat(changes).isNotEmpty().allSatisfy(c -> assertThat(c).contains("\"baseline\":{", "\"candidate\":{"));
    assertThat(changes).anySatisfy(c -> assertThat(c).contains("big-ticket"));
    assertThat(report).containsPattern("newly BLOCKED +[1-9]")
        .containsPattern("big-ticket +- +[0-9,]+")
        .contains("fraud recall", "false positives: GENUINE blocked", "precision (fraud among flagged)", "recall CARD_TESTING");
    assertThat(String.join("\n", baseline)).doesNotContainPattern(",tok_[a-z0-9]{9,},");
  }

  @Test
  void reportedOutcomesCountInsteadOfTheLabelColumn() throws Exception {
    backtest(dir.resolve("first"), DecisionFileWriter.Format.CSV);
    // every transaction the history calls CARD_TESTING was, it turns out, the cardholder's: GENUINE
    dev.riskgate.labels.Outcomes reported = new dev.riskgate.labels.Outcomes();
    long relabelled = 0;
    for (String line : Files.readAllLines(dir.resolve("first/baseline-decisions.csv"))) {
      String[] cells = line.split(",");
      if (cells[cells.length - 1].equals("CARD_TESTING") && cells[cells.length - 2].equals("false")) {
        reported.add(new dev.riskgate.schema.FraudLabel(cells[0], "tok_x", dev.riskgate.schema.LabelKind.GENUINE,
            null, null, "test", Instant.parse("2026-11-01T00:00:00Z")));
        relabelled++;
      }
    }
    assertThat(relabelled).isPositive();
    String report;
    try (HistoryReader source = HistoryFormat.open(history, null, statuses);
        Backtest backtest = new Backtest(dir.resolve("second"), DecisionFileWriter.Format.CSV, false,
            Rulesets.defaultRuleset(), CANDIDATE)) {
      report = backtest.withLabels(reported).run(Map.of(), source);
    }
    assertThat(report).doesNotContain("recall CARD_TESTING").contains("recall BIN_ATTACK");
    assertThat(backtest(dir.resolve("third"), DecisionFileWriter.Format.CSV)).contains("recall CARD_TESTING");
  }

  private String backtest(Path out, DecisionFileWriter.Format format) throws Exception {
    try (HistoryReader source = HistoryFormat.open(history, null, statuses);
        Backtest backtest = new Backtest(out, format, false, Rulesets.defaultRuleset(), CANDIDATE)) {
      return backtest.run(Map.of(), source);
    }
  }

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
