package dev.riskgate.analyst;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.MerchantFeatures;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What filters look at in a record; null where the record's topic does not carry it. */
public record RecordFacts(String card, String account, String merchant, String terminal, Outcome outcome,
    List<ReasonCode> reasons, String responseCode, List<String> firedRules, Long amountMinor, String currency) {

  private static final RecordFacts NONE = new RecordFacts(null, null, null, null, null, null, null, null, null, null);

  public static RecordFacts of(Inspected r) {
    if (r.record() instanceof Transaction tx) {
      return ofTransaction(tx, null, List.of());
    }
    if (r.record() instanceof Decision d) {
      return new RecordFacts(d.getCardToken(), null, null, null, d.getOutcome(), d.getReasons(), d.getResponseCode(),
          null, null, null);
    }
    if (r.record() instanceof AuditEvent a) {
      List<String> fired = a.getRules().stream().filter(RuleEvaluation::getFired).map(RuleEvaluation::getRuleId)
          .toList();
      return ofTransaction(a.getTransaction(), a.getDecision(), fired);
    }
    if (r.record() instanceof EntityStatus s) {
      String id = s.getEntityId();
      return switch (s.getEntityType()) {
        case CARD -> new RecordFacts(id, null, null, null, null, null, null, null, null, null);
        case ACCOUNT -> new RecordFacts(null, id, null, null, null, null, null, null, null, null);
        case MERCHANT -> new RecordFacts(null, null, id, null, null, null, null, null, null, null);
      };
    }
    if (r.record() instanceof DeadLetter letter && letter.getKey() != null) {
      String key = StandardCharsets.UTF_8.decode(letter.getKey().duplicate()).toString();
      return new RecordFacts(key, null, null, null, null, null, null, null, null, null);
    }
    if (r.record() instanceof FraudLabel label) {
      return new RecordFacts(label.getCardToken(), null, null, null, null, null, null, null, null, null);
    }
    if (r.record() instanceof MerchantFeatures m) {
      return new RecordFacts(null, null, m.getMerchantId(), null, null, null, null, null, null, null);
    }
    return NONE;
  }

  private static RecordFacts ofTransaction(Transaction tx, Decision d, List<String> fired) {
    return new RecordFacts(tx.getCardToken(), tx.getAccountId(), tx.getMerchantId(), tx.getTerminalId(),
        d == null ? null : d.getOutcome(), d == null ? null : d.getReasons(), d == null ? null : d.getResponseCode(),
        d == null ? null : fired, tx.getAmountMinor(), tx.getCurrency());
  }
}
