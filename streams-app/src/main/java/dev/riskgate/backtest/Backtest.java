package dev.riskgate.backtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.HistoryRecord.BadRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.history.IsoInstants;
import dev.riskgate.labels.LabelVocabulary;
import dev.riskgate.labels.Outcomes;
import dev.riskgate.history.RejectFile;
import dev.riskgate.privacy.CardTokens;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.topology.OfflineScreening.Screened;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A backtest: history screened by a baseline and a candidate ruleset in one pass, writing into {@code out}:
 * {@code baseline-decisions.*} and {@code candidate-decisions.*} (one line per transaction, input order),
 * {@code changes.jsonl} (every transaction the two decide differently), {@code report.txt} (the diff) and, when any
 * row is refused, {@code rejects.jsonl}. Nothing depends on the wall clock or on hash order: the same inputs give
 * byte-identical files.
 */
public final class Backtest implements BacktestDriver.Listener, AutoCloseable {
  public static final String REPORT = "report.txt";
  public static final String CHANGES = "changes.jsonl";
  public static final String REJECTS = "rejects.jsonl";

  private final DecisionFileWriter baseline;
  private final DecisionFileWriter candidate;
  private final Writer changesOut;
  private final JsonGenerator changes;
  private final RejectFile rejects;
  private final Comparison comparison;
  private Outcomes labels;
  private final boolean unmask;
  private final Path out;
  private final Ruleset baselineRules;
  private final Ruleset candidateRules;
  private long transactions;
  private final IsoInstants.Formatter eventTimes = new IsoInstants.Formatter();

  public Backtest(Path out, DecisionFileWriter.Format format, boolean unmask, Ruleset baselineRules,
      Ruleset candidateRules) throws IOException {
    Files.createDirectories(out);
    this.out = out;
    this.unmask = unmask;
    this.baselineRules = baselineRules;
    this.candidateRules = candidateRules;
    String ext = format == DecisionFileWriter.Format.CSV ? ".csv" : ".jsonl";
    baseline = new DecisionFileWriter(out.resolve("baseline-decisions" + ext), format);
    candidate = new DecisionFileWriter(out.resolve("candidate-decisions" + ext), format);
    changesOut = Files.newBufferedWriter(out.resolve(CHANGES));
    changes = new JsonFactory().createGenerator(changesOut);
    changes.setRootValueSeparator(null);
    rejects = new RejectFile(out.resolve(REJECTS));
    comparison = new Comparison(baselineRules.version(), candidateRules.version());
  }

  /**
   * Screens the whole source and writes every file; returns the report text. {@code settings} as in a properties
   * file: dedupe.window and validation.* shape the screening as they do live.
   */
  public String run(Map<String, String> settings, HistoryReader source) throws IOException {
    try (BacktestDriver driver = new BacktestDriver(settings, List.of(baselineRules, candidateRules))) {
      driver.run(source, this);
    }
    String report = comparison.format();
    Files.writeString(out.resolve(REPORT), report);
    return report;
  }

  /**
   * Outcomes reported for the history's transactions (fraud-labels records, a labels file): where one names a
   * transaction, it counts instead of the history's label column.
   */
  public Backtest withLabels(Outcomes reported) {
    this.labels = reported;
    return this;
  }

  public long transactions() {
    return transactions;
  }

  @Override
  public void screened(TransactionRow row, List<Screened> screened) {
    transactions++;
    Screened b = screened.get(0);
    Screened c = screened.get(1);
    if (b.deadLetter() != null) {
      // validation does not depend on the ruleset: both sides refuse the same records
      comparison.deadLetter(b.deadLetter().getErrorKind());
      rejects.add(row.line(), b.deadLetter().getErrorKind(), b.deadLetter().getErrorMessage(),
          PanDetector.mask(row.transaction().toString()));
      return;
    }
    try {
      // the same for both rulesets: worked out once
      String card = CardTokens.show(b.decision().getCardToken(), unmask);
      String eventTime = eventTimes.format(b.decision().getEventTime());
      baseline.write(b, card, eventTime, row.label());
      candidate.write(c, card, eventTime, row.label());
      if (Comparison.differ(b.decision(), c.decision())) {
        writeChange(b, c, row.label());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FraudLabel reported = labels == null ? null : labels.of(b.decision().getTransactionId());
    comparison.add(b, c, reported != null ? LabelVocabulary.bucketOf(reported) : LabelVocabulary.bucketOf(row.label()));
  }

  @Override
  public void unreadable(BadRow row) {
    comparison.unreadable(row.kind());
    rejects.add(row.line(), row.kind(), row.reason(), row.input());
  }

  private void writeChange(Screened b, Screened c, String label) throws IOException {
    Decision d = b.decision();
    changes.writeStartObject();
    changes.writeStringField("transactionId", d.getTransactionId());
    changes.writeStringField("cardToken", CardTokens.show(d.getCardToken(), unmask));
    changes.writeStringField("eventTime", d.getEventTime().toString());
    changes.writeStringField("label", label);
    side("baseline", b);
    side("candidate", c);
    changes.writeEndObject();
    changes.writeRaw('\n');
  }

  private void side(String name, Screened screened) throws IOException {
    Decision d = screened.decision();
    changes.writeObjectFieldStart(name);
    changes.writeStringField("outcome", d.getOutcome().name());
    changes.writeStringField("responseCode", d.getResponseCode());
    changes.writeNumberField("score", d.getScore());
    changes.writeStringField("reasons", DecisionFileWriter.joinedReasons(d));
    changes.writeStringField("firedRules", screened.fired().joined());
    changes.writeEndObject();
  }

  @Override
  public void close() throws IOException {
    try (baseline; candidate; rejects; changesOut) {
      changes.close();
    }
  }
}
