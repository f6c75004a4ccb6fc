package dev.riskgate.validation;

import dev.riskgate.features.CurrencyCodes;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks a decoded transaction before it is screened: required fields, amount, ISO 4217 currency, event time, and
 * that no field carries a card number. Event times far in the past pass up to {@code maxEventAge} so replays of
 * history work; the future is bounded by {@code maxFutureSkew} to catch broken terminal clocks.
 */
public final class TransactionValidator {
  /** 10^12 minor units: ten billion in a two-decimal currency, beyond any card-present ticket. */
  static final long MAX_AMOUNT_MINOR = 1_000_000_000_000L;

  static final int MAX_ID_LENGTH = 64;
  private final long maxFutureSkewMs;
  private final long maxEventAgeMs;

  public TransactionValidator(Duration maxFutureSkew, Duration maxEventAge) {
    this.maxFutureSkewMs = maxFutureSkew.toMillis();
    this.maxEventAgeMs = maxEventAge.toMillis();
  }

  /** Null when the transaction can be screened, else the first problem found. */
  public Rejection validate(String key, Transaction tx, long nowMs) {
    Rejection missing = firstMissing(tx);
    if (missing != null) {
      return missing;
    }
    for (String value : new String[] {tx.getTransactionId(), tx.getCardToken(), tx.getAccountId(),
        tx.getMerchantId(), tx.getTerminalId(), tx.getAcquirerId()}) {
      if (PanDetector.containsPan(value)) {
        return new Rejection(ErrorKind.PAN_DETECTED,
            "a field carries a card number (" + PanDetector.mask(value) + "); send card tokens, never PANs");
      }
      if (value.length() > MAX_ID_LENGTH) {
        return new Rejection(ErrorKind.INVALID_FIELD,
            "an id is " + value.length() + " characters long, more than " + MAX_ID_LENGTH + ": '"
                + value.substring(0, 16) + "...'");
      }
    }
    if (key == null || !key.equals(tx.getCardToken())) {
      return new Rejection(ErrorKind.INVALID_KEY, "record key " + (key == null ? "is null" : "'" + PanDetector.mask(key)
          + "'") + " but the card token is '" + tx.getCardToken()
          + "': transactions must be keyed by card token so that retries and features of a card meet on one partition");
    }
    if (tx.getAmountMinor() <= 0) {
      return new Rejection(ErrorKind.INVALID_AMOUNT, "amount " + tx.getAmountMinor() + " is not positive");
    }
    if (tx.getAmountMinor() > MAX_AMOUNT_MINOR) {
      return new Rejection(ErrorKind.INVALID_AMOUNT,
          "amount " + tx.getAmountMinor() + " minor units exceeds the plausible maximum " + MAX_AMOUNT_MINOR);
    }
    if (!CurrencyCodes.isIso4217(tx.getCurrency())) {
      return new Rejection(ErrorKind.INVALID_CURRENCY, "currency '" + tx.getCurrency() + "' is not an ISO 4217 code");
    }
    if (!isAll(tx.getMcc(), 4, '0', '9')) {
      return new Rejection(ErrorKind.INVALID_FIELD, "mcc '" + tx.getMcc() + "' is not four digits");
    }
    if (!isAll(tx.getCountry(), 2, 'A', 'Z')) {
      return new Rejection(ErrorKind.INVALID_FIELD,
          "country '" + tx.getCountry() + "' is not an ISO 3166-1 alpha-2 code");
    }
    Rejection position = checkPosition(tx);
    if (position != null) {
      return position;
    }
    long eventTime = tx.getEventTime().toEpochMilli();
    if (eventTime > nowMs + maxFutureSkewMs) {
      return new Rejection(ErrorKind.INVALID_EVENT_TIME, "event time " + tx.getEventTime() + " is more than "
          + Duration.ofMillis(maxFutureSkewMs) + " ahead of this instance's clock (" + Instant.ofEpochMilli(nowMs) + ")");
    }
    if (eventTime < nowMs - maxEventAgeMs) {
      return new Rejection(ErrorKind.INVALID_EVENT_TIME, "event time " + tx.getEventTime() + " is older than "
          + Duration.ofMillis(maxEventAgeMs) + " (validation.max.event.age)");
    }
    return null;
  }

  /** Text of exactly {@code length} characters, each within [from, to]; no regex on the hot path. */
  private static boolean isAll(String text, int length, char from, char to) {
    if (text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < from || c > to) {
        return false;
      }
    }
    return true;
  }

  private static final String[] REQUIRED = {
    "transactionId", "cardToken", "accountId", "merchantId", "terminalId", "mcc", "currency", "country", "acquirerId"
  };

  private static Rejection firstMissing(Transaction tx) {
    String[] values = {tx.getTransactionId(), tx.getCardToken(), tx.getAccountId(), tx.getMerchantId(),
        tx.getTerminalId(), tx.getMcc(), tx.getCurrency(), tx.getCountry(), tx.getAcquirerId()};
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null || values[i].isBlank()) {
        return new Rejection(ErrorKind.MISSING_FIELD, "required field " + REQUIRED[i] + " is empty");
      }
    }
    return null;
  }

  private static Rejection checkPosition(Transaction tx) {
    Double lat = tx.getLatitude();
    Double lon = tx.getLongitude();
    if ((lat == null) != (lon == null)) {
      return new Rejection(ErrorKind.INVALID_FIELD, "latitude and longitude must be given together");
    }
    if (lat != null && (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180))) {
      return new Rejection(ErrorKind.INVALID_FIELD, "position " + lat + "," + lon + " is outside the globe");
    }
    return null;
  }
}
