package dev.riskgate.labels;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.LabelKind;
import dev.riskgate.validation.Rejection;

/**
 * What makes a label unusable, the same whether it comes from a file or straight from the fraud-labels topic (another
 * producer than {@code riskgate labels import}): a card number anywhere, a missing id, fields that contradict the
 * label, a key that is not the label's card token.
 */
public final class LabelCheck {
  private LabelCheck() {}

  /** Why fields of a {@code kind} label contradict it, null when they do not. */
  static String contradiction(LabelKind kind, String fraudType, String chargebackReasonCode) {
    if (!Outcomes.isFraud(kind) && fraudType != null && !fraudType.isBlank()) {
      return "fraudType given for a " + kind + " label: a genuine payment has no fraud type";
    }
    if (kind != LabelKind.CHARGEBACK && chargebackReasonCode != null && !chargebackReasonCode.isBlank()) {
      return "chargebackReasonCode given for a " + kind + " label: only a CHARGEBACK has one";
    }
    return null;
  }

  /** Why a label read from the topic under {@code key} is refused, null when it is not. */
  public static Rejection refusal(String key, FraudLabel label) {
    for (String field : new String[] {label.getTransactionId(), label.getCardToken(), label.getFraudType(),
        label.getChargebackReasonCode(), label.getSource()}) {
      if (field != null && PanDetector.containsPan(field)) {
        return new Rejection(ErrorKind.PAN_DETECTED, "carries a card number; labels name cards by token");
      }
    }
    if (label.getTransactionId().isBlank()) {
      return new Rejection(ErrorKind.MISSING_FIELD, "transactionId is empty");
    }
    if (label.getCardToken().isBlank()) {
      return new Rejection(ErrorKind.MISSING_FIELD, "cardToken is empty");
    }
    if (label.getSource().isBlank()) {
      return new Rejection(ErrorKind.MISSING_FIELD, "source is empty");
    }
    String contradiction = contradiction(label.getLabel(), label.getFraudType(), label.getChargebackReasonCode());
    if (contradiction != null) {
      return new Rejection(ErrorKind.INVALID_FIELD, contradiction);
    }
    if (!label.getCardToken().equals(key)) {
      // keyed like transactions, so that a label reaches the partition its decision was counted on
      return new Rejection(ErrorKind.INVALID_KEY, "the key must be the label's cardToken ("
          + (key == null ? "no key" : "key '" + key + "'") + "): labels are partitioned like transactions, by card");
    }
    return null;
  }
}
