package dev.riskgate.backtest;

import dev.riskgate.history.CsvLine;
import dev.riskgate.history.IsoInstants;
import dev.riskgate.privacy.CardTokens;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.topology.OfflineScreening.Screened;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One ruleset's decisions of a backtest, one per transaction in input order, as JSON Lines or CSV with the columns
 * {@link #COLUMNS}. Card tokens come as the caller shows them (masked unless asked otherwise); the decision time is
 * left out (offline it is the event time, not a fact worth comparing).
 */
public final class DecisionFileWriter implements AutoCloseable {
  public enum Format { JSONL, CSV }

  static final String[] COLUMNS = {"transactionId", "cardToken", "eventTime", "outcome", "responseCode", "score",
    "reasons", "firedRules", "shadowOutcome", "rulesetVersion", "retry", "label"};
  private final BufferedWriter out;
  private final Format format;
  private final JsonLineWriter json;

  public DecisionFileWriter(Path file, Format format) throws IOException {
    this.format = format;
    if (format == Format.CSV) {
      out = Files.newBufferedWriter(file);
      out.write(String.join(",", COLUMNS));
      out.newLine();
      json = null;
    } else {
      // bytes, not chars: through a Writer, the JDK's char encoder cost as much as the JSON itself
      out = null;
      json = new JsonLineWriter(Files.newOutputStream(file), COLUMNS);
    }
  }

  /**
   * One line. {@code card} is the card token as it is to be written ({@link CardTokens#show}) and
   * {@code eventTime} the event time as {@link IsoInstants#format} writes it: one transaction's are the same for every
   * ruleset, so the caller works them out once.
   */
  public void write(Screened screened, String card, String eventTime, String label) throws IOException {
    Decision d = screened.decision();
    String reasons = joinedReasons(d);
    String fired = screened.fired().joined();
    Outcome shadowOutcome = screened.audit().getShadowOutcome();
    String shadow = shadowOutcome == null ? null : shadowOutcome.name();
    if (format == Format.CSV) {
      out.write(CsvLine.join(d.getTransactionId(), card, eventTime, d.getOutcome().name(),
          d.getResponseCode(), Integer.toString(d.getScore()), reasons, fired, shadow, d.getRulesetVersion(),
          Boolean.toString(d.getRetry()), label));
      out.newLine();
      return;
    }
    json.startObject();
    json.string(0, d.getTransactionId());
    json.string(1, card);
    json.string(2, eventTime);
    json.string(3, d.getOutcome().name());
    json.string(4, d.getResponseCode());
    json.number(5, d.getScore());
    json.string(6, reasons);
    json.string(7, fired);
    json.string(8, shadow);
    json.string(9, d.getRulesetVersion());
    json.bool(10, d.getRetry());
    json.string(11, label);
    json.endObject();
  }

  /** Reason codes as the decision files write them: SPLIT_UNDER_LIMIT|VELOCITY. */
  static String joinedReasons(Decision d) {
    List<ReasonCode> reasons = d.getReasons();
    if (reasons.size() <= 1) {
      return reasons.isEmpty() ? "" : reasons.get(0).name(); // the usual cases
    }
    StringBuilder joined = new StringBuilder();
    for (ReasonCode reason : reasons) {
      joined.append(joined.isEmpty() ? "" : "|").append(reason.name());
    }
    return joined.toString();
  }

  @Override
  public void close() throws IOException {
    if (json != null) {
      json.close();
    } else {
      out.close();
    }
  }
}
