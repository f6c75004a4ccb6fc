package dev.riskgate.history;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The columns of history files (CSV header names, JSON Lines field names: the Avro field names), and the conversion of
 * their text to Avro records and back. Only what text cannot express is checked here (numbers, times, enums); the rest
 * is left to {@code TransactionValidator} (card numbers in any field too), so that a replay refuses exactly what the
 * pipeline refuses.
 */
public final class HistoryFields {
  public static final List<String> TRANSACTION = List.of("transactionId", "cardToken", "accountId", "merchantId",
      "terminalId", "mcc", "amountMinor", "currency", "entryMode", "eventTime", "country", "latitude", "longitude",
      "acquirerId");
  /** Optional transaction column: what the transaction really was (LEGIT, CARD_TESTING ...), for backtests. */
  public static final String LABEL = "label";
  public static final List<String> STATUS =
      List.of("entityType", "entityId", "status", "reason", "effectiveTime", "source");
  /** The field whose presence marks a JSON line as a status change. */
  static final String STATUS_MARKER = "entityType";

  private HistoryFields() {}

  /** {@code field} answers a column's text, null or empty when absent. */
  static Transaction transaction(UnaryOperator<String> field) throws BadValueException {
    String lat = field.apply("latitude");
    String lon = field.apply("longitude");
    return Transaction.newBuilder()
        .setTransactionId(text(field, "transactionId"))
        .setCardToken(text(field, "cardToken"))
        .setAccountId(text(field, "accountId"))
        .setMerchantId(text(field, "merchantId"))
        .setTerminalId(text(field, "terminalId"))
        .setMcc(text(field, "mcc"))
        .setAmountMinor(wholeNumber(field, "amountMinor"))
        .setCurrency(text(field, "currency"))
        .setEntryMode(isEmpty(field.apply("entryMode")) ? EntryMode.UNKNOWN
            : symbol(EntryMode.class, field, "entryMode"))
        .setEventTime(time(field, "eventTime"))
        .setCountry(text(field, "country"))
        .setLatitude(isEmpty(lat) ? null : decimal(lat, "latitude"))
        .setLongitude(isEmpty(lon) ? null : decimal(lon, "longitude"))
        .setAcquirerId(text(field, "acquirerId"))
        .build();
  }

  static EntityStatus status(UnaryOperator<String> field) throws BadValueException {
    String id = field.apply("entityId");
    if (isEmpty(id)) {
      throw new BadValueException(ErrorKind.MISSING_FIELD, "required field entityId is empty");
    }
    String source = field.apply("source");
    return EntityStatus.newBuilder()
        .setEntityType(symbol(EntityType.class, field, "entityType"))
        .setEntityId(id)
        .setStatus(symbol(Status.class, field, "status"))
        .setReason(isEmpty(field.apply("reason")) ? null : field.apply("reason"))
        .setEffectiveTime(time(field, "effectiveTime"))
        .setSource(isEmpty(source) ? "history" : source)
        .build();
  }

  /** The columns of {@link #TRANSACTION} as text, in order; absent optional values are null. */
  static String[] values(Transaction tx) {
    return new String[] {tx.getTransactionId(), tx.getCardToken(), tx.getAccountId(), tx.getMerchantId(),
        tx.getTerminalId(), tx.getMcc(), Long.toString(tx.getAmountMinor()), tx.getCurrency(),
        tx.getEntryMode().name(), tx.getEventTime().toString(), tx.getCountry(),
        tx.getLatitude() == null ? null : tx.getLatitude().toString(),
        tx.getLongitude() == null ? null : tx.getLongitude().toString(), tx.getAcquirerId()};
  }

  /** The columns of {@link #STATUS} as text, in order. */
  static String[] values(EntityStatus status) {
    return new String[] {status.getEntityType().name(), status.getEntityId(), status.getStatus().name(),
        status.getReason(), status.getEffectiveTime().toString(), status.getSource()};
  }

  /**
   * Missing text stays empty: the validator names the missing field, as it does for a live record. Text no UTF-8
   * encoder can write (an unpaired surrogate, from a JSON escape such as \ud800) is refused: on the wire it would
   * become '?', so a replay and a backtest would not see the same id.
   */
  private static String text(UnaryOperator<String> field, String name) throws BadValueException {
    String value = field.apply(name);
    if (value == null) {
      return "";
    }
    if (hasUnpairedSurrogate(value)) {
      throw new BadValueException(ErrorKind.INVALID_FIELD,
          name + " '" + PanDetector.mask(value) + "' is not valid text: it holds an unpaired UTF-16 surrogate");
    }
    return value;
  }

  private static boolean hasUnpairedSurrogate(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      }
    }
    return false;
  }

  private static long wholeNumber(UnaryOperator<String> field, String name) throws BadValueException {
    String value = required(field, name);
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new BadValueException(ErrorKind.INVALID_AMOUNT,
          name + " '" + PanDetector.mask(value) + "' is not a whole number of minor units");
    }
  }

  private static double decimal(String value, String name) throws BadValueException {
    try {
      return DecimalText.parse(value.trim());
    } catch (NumberFormatException e) {
      throw new BadValueException(ErrorKind.INVALID_FIELD, name + " '" + value + "' is not a number");
    }
  }

  /** ISO-8601 instant (2026-11-01T08:00:00Z) or epoch milliseconds. */
  private static Instant time(UnaryOperator<String> field, String name) throws BadValueException {
    String value = required(field, name).trim();
    try {
      return isDigits(value) ? Instant.ofEpochMilli(Long.parseLong(value)) : IsoInstants.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new BadValueException(ErrorKind.INVALID_EVENT_TIME,
          name + " '" + value + "' is neither an ISO-8601 instant (2026-11-01T08:00:00Z) nor epoch milliseconds");
    }
  }

  private static <E extends Enum<E>> E symbol(Class<E> type, UnaryOperator<String> field, String name)
      throws BadValueException {
    String value = required(field, name).trim();
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new BadValueException(ErrorKind.INVALID_FIELD, name + " '" + value + "' is not one of "
          + List.of(type.getEnumConstants()));
    }
  }

  private static String required(UnaryOperator<String> field, String name) throws BadValueException {
    String value = field.apply(name);
    if (isEmpty(value)) {
      throw new BadValueException(ErrorKind.MISSING_FIELD, "required field " + name + " is empty");
    }
    return value;
  }

  private static boolean isDigits(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isBlank();
  }
}
