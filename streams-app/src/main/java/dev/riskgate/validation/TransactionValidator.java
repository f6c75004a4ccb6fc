package dev.riskgate.validation;

import dev.riskgate.features.CurrencyCodes;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.privacy.TokenRanges;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Checks a decoded transaction before it is screened: required fields, amount, ISO 4217 currency, event time, and
 * that no field, key or header carries a card number (card tokens in declared network-token ranges excepted). Event times far in the past pass up to {@code maxEventAge} so replays of
 * history work; the future is bounded by {@code maxFutureSkew} to catch broken terminal clocks.
 */
public final class TransactionValidator {
  /** 10^12 minor units: ten billion in a two-decimal currency, beyond any card-present ticket. */
  static final long MAX_AMOUNT_MINOR = 1_000_000_000_000L;

  static final int MAX_ID_LENGTH = 64;
  private final long maxFutureSkewMs;
  private final long maxEventAgeMs;
  private final TokenRanges tokenRanges;

  public TransactionValidator(Duration maxFutureSkew, Duration maxEventAge, TokenRanges tokenRanges) {
    this.maxFutureSkewMs = maxFutureSkew.toMillis();
    this.maxEventAgeMs = maxEventAge.toMillis();
    this.tokenRanges = tokenRanges;
  }

  /**
   * What can be judged before the value is decoded: a card number in the record key or in a header (name or value,
   * read as text). Null when there is none.
   */
  public Rejection validateEnvelope(String key, Headers headers) {
    if (PanDetector.containsPan(key, tokenRanges)) {
      return panIn("the record key", key);
    }
    for (Header header : headers) {
      if (PanDetector.containsPan(header.key())) {
        return panIn("a header name", header.key());
      }
      if (header.value() != null) {
        String value = new String(header.value(), StandardCharsets.ISO_8859_1);
        if (PanDetector.containsPan(value)) {
          return panIn("header '" + PanDetector.mask(header.key()) + "'", value);
        }
      }
    }
    return null;
  }

  /** Null when the transaction can be screened, else the first problem found. */
  public Rejection validate(String key, Transaction tx, long nowMs) {
    Rejection pan = panInFields(tx);
    if (pan != null) {
      return pan;
    }
    Rejection missing = firstMissing(tx);
    if (missing != null) {
      return missing;
    }
    for (String value : new String[] {tx.getTransactionId(), tx.getCardToken(), tx.getAccountId(),
        tx.getMerchantId(), tx.getTerminalId(), tx.getAcquirerId()}) {
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

  /**
   * A status change's text: the entity id (a card's with the declared network-token ranges allowed), reason and
   * source. Null when none carries a card number.
   */
  public Rejection validateStatus(EntityStatus status) {
    TokenRanges idRanges = status.getEntityType() == EntityType.CARD ? tokenRanges : TokenRanges.NONE;
    if (PanDetector.containsPan(status.getEntityId(), idRanges)) {
      return panIn("entityId", status.getEntityId());
    }
    if (PanDetector.containsPan(status.getReason())) {
      return panIn("reason", status.getReason());
    }
    if (PanDetector.containsPan(status.getSource())) {
      return panIn("source", status.getSource());
    }
    return null;
  }

  /** Every text field is scanned, the card token with the declared network-token ranges allowed. */
  private Rejection panInFields(Transaction tx) {
    if (PanDetector.containsPan(tx.getCardToken(), tokenRanges)) {
      return panIn("cardToken", tx.getCardToken());
    }
    String[] values = {tx.getTransactionId(), tx.getAccountId(), tx.getMerchantId(), tx.getTerminalId(), tx.getMcc(),
        tx.getCurrency(), tx.getCountry(), tx.getAcquirerId()};
    for (int i = 0; i < values.length; i++) {
      if (PanDetector.containsPan(values[i])) {
        return panIn(TEXT_FIELDS[i], values[i]);
      }
    }
    return null;
  }

  private static final String[] TEXT_FIELDS = {
    "transactionId", "accountId", "merchantId", "terminalId", "mcc", "currency", "country", "acquirerId"
  };

  private static Rejection panIn(String where, String text) {
    return new Rejection(ErrorKind.PAN_DETECTED,
        where + " carries a card number (" + PanDetector.mask(text) + "); send card tokens, never PANs");
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
