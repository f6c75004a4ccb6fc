package dev.riskgate.backtest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.riskgate.analyst.CardTokens;
import dev.riskgate.history.CsvLine;
import dev.riskgate.history.IsoInstants;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleEvaluation;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One ruleset's decisions of a backtest, one per transaction in input order, as JSON Lines or CSV with the columns
 * {@link #COLUMNS}. Card tokens are masked unless asked otherwise; the decision time is left out (offline it is the
 * event time, not a fact worth comparing).
 */
public final class DecisionWriter implements AutoCloseable {
  public enum Format { JSONL, CSV }

  static final String[] COLUMNS = {"transactionId", "cardToken", "eventTime", "outcome", "responseCode", "score",
    "reasons", "firedRules", "shadowOutcome", "rulesetVersion", "retry", "label"};
  private static final JsonFactory JSON = new JsonFactory();

  private final BufferedWriter out;
  private final Format format;
  private final boolean unmask;
  private final JsonGenerator json;

  public DecisionWriter(Path file, Format format, boolean unmask) throws IOException {
    this.format = format;
    this.unmask = unmask;
    if (format == Format.CSV) {
      out = Files.newBufferedWriter(file);
      out.write(String.join(",", COLUMNS));
      out.newLine();
      json = null;
    } else {
      // Jackson's UTF-8 generator on bytes: through a Writer, the JDK's char encoder cost as much as the JSON itself
      out = null;
      json = JSON.createGenerator(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), JsonEncoding.UTF8);
      json.setRootValueSeparator(null);
    }
  }

  public void write(AuditEvent audit, String label) throws IOException {
    Decision d = audit.getDecision();
    String card = unmask ? d.getCardToken() : CardTokens.mask(d.getCardToken());
    String reasons = joinedReasons(d);
    String fired = String.join("|", firedRules(audit));
    String shadow = audit.getShadowOutcome() == null ? null : audit.getShadowOutcome().name();
    if (format == Format.CSV) {
      out.write(CsvLine.join(d.getTransactionId(), card, IsoInstants.format(d.getEventTime()), d.getOutcome().name(),
          d.getResponseCode(), Integer.toString(d.getScore()), reasons, fired, shadow, d.getRulesetVersion(),
          Boolean.toString(d.getRetry()), label));
      out.newLine();
      return;
    }
    json.writeStartObject();
    json.writeStringField("transactionId", d.getTransactionId());
    json.writeStringField("cardToken", card);
    json.writeStringField("eventTime", IsoInstants.format(d.getEventTime()));
    json.writeStringField("outcome", d.getOutcome().name());
    json.writeStringField("responseCode", d.getResponseCode());
    json.writeNumberField("score", d.getScore());
    json.writeStringField("reasons", reasons);
    json.writeStringField("firedRules", fired);
    json.writeStringField("shadowOutcome", shadow);
    json.writeStringField("rulesetVersion", d.getRulesetVersion());
    json.writeBooleanField("retry", d.getRetry());
    json.writeStringField("label", label);
    json.writeEndObject();
    json.writeRaw('\n');
  }

  /** Reason codes as the decision files write them: SPLIT_UNDER_LIMIT|VELOCITY. */
  static String joinedReasons(Decision d) {
    List<ReasonCode> reasons = d.getReasons();
    if (reasons.size() == 1) {
      return reasons.get(0).name(); // the usual case
    }
    StringBuilder joined = new StringBuilder();
    for (ReasonCode reason : reasons) {
      joined.append(joined.isEmpty() ? "" : "|").append(reason.name());
    }
    return joined.toString();
  }

  /** Ids of the rules that fired, ENFORCE and SHADOW alike, in ruleset order; a retry evaluates none. */
  static List<String> firedRules(AuditEvent audit) {
    List<String> fired = new ArrayList<>();
    for (RuleEvaluation rule : audit.getRules()) {
      if (rule.getFired()) {
        fired.add(rule.getRuleId());
      }
    }
    return fired;
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
