package dev.riskgate.labels;

import dev.riskgate.schema.FraudLabel;
import java.util.Locale;
import java.util.Set;

/**
 * What a history's label column (or a fraud-labels record) says of a transaction, for a backtest: genuine, fraud of a
 * type, or nothing. The column takes the fraud-labels vocabulary (CONFIRMED_FRAUD, CHARGEBACK, GENUINE,
 * FALSE_POSITIVE); LEGIT reads as GENUINE, and any other word as fraud of that type (the generator writes its scenario
 * names: CARD_TESTING, COUNTERFEIT_ABROAD ...).
 */
public final class LabelVocabulary {
  /** The bucket of genuine payments. */
  public static final String GENUINE = "GENUINE";
  /** The fraud type of a fraud label that names none. */
  public static final String FRAUD_OF_NO_TYPE = "FRAUD (type not given)";
  private static final Set<String> GENUINE_WORDS = Set.of("GENUINE", "FALSE_POSITIVE", "LEGIT");
  private static final Set<String> FRAUD_WORDS = Set.of("CONFIRMED_FRAUD", "CHARGEBACK");

  private LabelVocabulary() {}

  /** {@link #GENUINE}, a fraud type, or null for no label (blank, or a retry's marker). */
  public static String bucketOf(String column) {
    if (column == null || column.isBlank()) {
      return null;
    }
    String word = column.strip().toUpperCase(Locale.ROOT);
    if (word.equals("RETRY")) {
      return null;
    }
    if (GENUINE_WORDS.contains(word)) {
      return GENUINE;
    }
    return FRAUD_WORDS.contains(word) ? FRAUD_OF_NO_TYPE : word;
  }

  /** The bucket of a fraud-labels record. */
  public static String bucketOf(FraudLabel label) {
    if (!Outcomes.isFraud(label.getLabel())) {
      return GENUINE;
    }
    return label.getFraudType() == null || label.getFraudType().isBlank() ? FRAUD_OF_NO_TYPE
        : label.getFraudType().strip().toUpperCase(Locale.ROOT);
  }
}
