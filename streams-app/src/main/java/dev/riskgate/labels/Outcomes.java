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
    if (known != null) {
      if (isFraud(known.getLabel()) == isFraud(label.getLabel())) {
        repeated++; // the same verdict (a chargeback of a confirmed fraud); a later report may say more
      } else {
        replaced++; // whichever stands
      }
    }
    byTransaction.put(label.getTransactionId(), inForce(known, label));
  }

  /**
   * The label in force once {@code incoming} is read after {@code known} (null: none yet): a later report of the
   * same verdict replaces the earlier when it says as much (a fraud type); a conflicting one replaces it unless it is
   * older (at equal times, the one read later wins).
   */
  public static FraudLabel inForce(FraudLabel known, FraudLabel incoming) {
    if (known == null) {
      return incoming;
    }
    boolean notOlder = !incoming.getReportedTime().isBefore(known.getReportedTime());
    if (isFraud(known.getLabel()) == isFraud(incoming.getLabel())) {
      return notOlder && (incoming.getFraudType() != null || known.getFraudType() == null) ? incoming : known;
    }
    return notOlder ? incoming : known;
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
