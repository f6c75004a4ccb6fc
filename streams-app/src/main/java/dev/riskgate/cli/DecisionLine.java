package dev.riskgate.cli;

import dev.riskgate.analyst.Amounts;
import dev.riskgate.privacy.CardTokens;
import dev.riskgate.rules.ReasonCatalog;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Transaction;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One human-readable line per decision, card token masked by default. */
final class DecisionLine {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private DecisionLine() {}

  static String format(AuditEvent audit, boolean unmask) {
    Decision d = audit.getDecision();
    Transaction tx = audit.getTransaction();
    String reason = d.getReasons().isEmpty() ? "" : d.getReasons().get(0) + " ("
        + ReasonCatalog.of(d.getReasons().get(0)).english() + " / " + ReasonCatalog.of(d.getReasons().get(0)).chinese()
        + ")";
    return String.format("%s %-6s %s %-20s %12s %s  %s at %s%s  %s", TIME.format(d.getEventTime()), d.getOutcome(),
        d.getResponseCode(), CardTokens.show(d.getCardToken(), unmask),
        Amounts.major(tx.getAmountMinor(), tx.getCurrency()).toPlainString(), tx.getCurrency(),
        tx.getTransactionId(), tx.getMerchantId(), d.getRetry() ? " [retry]" : "", reason);
  }
}
