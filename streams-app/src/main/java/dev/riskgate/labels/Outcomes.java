package dev.riskgate.labels;

import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.LabelKind;
import java.util.HashMap;
import java.util.Map;

/**
 * What is known of each transaction after its decision, from fraud-labels in the order they were written: the same
 * label reported again counts once, a different one replaces the earlier (the later reportedTime wins; at equal times
 * the one written later).
 */
public final class Outcomes {
  private final Map<String, FraudLabel> byTransaction = new HashMap<>();
  private long repeated;
  private long replaced;

  /** Takes one label in topic order. */
  public void add(FraudLabel label) {
    FraudLabel known = byTransaction.get(label.getTransactionId());
    if (known == null) {
      byTransaction.put(label.getTransactionId(), label);
    } else if (isFraud(known.getLabel()) == isFraud(label.getLabel())) {
      repeated++; // the same verdict (a chargeback of a confirmed fraud); a later report may say more
      if (!label.getReportedTime().isBefore(known.getReportedTime())
          && (label.getFraudType() != null || known.getFraudType() == null)) {
        byTransaction.put(label.getTransactionId(), label);
      }
    } else if (!label.getReportedTime().isBefore(known.getReportedTime())) {
      replaced++;
      byTransaction.put(label.getTransactionId(), label);
    } else {
      replaced++; // an older report arriving late: the newer one stands
    }
  }

  /** The label in force for a transaction, or null. */
  public FraudLabel of(String transactionId) {
    return byTransaction.get(transactionId);
  }

  public static boolean isFraud(LabelKind kind) {
    return kind == LabelKind.CONFIRMED_FRAUD || kind == LabelKind.CHARGEBACK;
  }

  public int size() {
    return byTransaction.size();
  }

  /** Labels that repeated the verdict (fraud or genuine) of one already known. */
  public long repeated() {
    return repeated;
  }

  /** Labels whose verdict conflicted with one already known (whichever stands). */
  public long replaced() {
    return replaced;
  }

  Iterable<String> transactionIds() {
    return byTransaction.keySet();
  }
}
