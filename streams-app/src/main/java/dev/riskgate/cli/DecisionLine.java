package dev.riskgate.cli;

import dev.riskgate.decision.CardTokens;
import dev.riskgate.decision.ReasonCatalog;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Transaction;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;

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
        d.getResponseCode(), unmask ? d.getCardToken() : CardTokens.mask(d.getCardToken()), amount(tx), tx.getCurrency(),
        tx.getTransactionId(), tx.getMerchantId(), d.getRetry() ? " [retry]" : "", reason);
  }

  private static String amount(Transaction tx) {
    int digits;
    try {
      digits = Math.max(0, Currency.getInstance(tx.getCurrency()).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      digits = 2;
    }
    return BigDecimal.valueOf(tx.getAmountMinor(), digits).toPlainString();
  }
}
