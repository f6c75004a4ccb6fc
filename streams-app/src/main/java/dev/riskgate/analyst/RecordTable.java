package dev.riskgate.analyst;

import dev.riskgate.privacy.CardTokens;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.MerchantFeatures;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.RulesetDocument;
import dev.riskgate.schema.Transaction;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Records as an aligned table for people: fixed column widths (rows are printed as they arrive, also when following),
 * a value too long for its column is cut with "…"; the last column is never cut. Columns depend on the topic.
 */
public final class RecordTable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final int HEX_BYTES = 24;

  private record Column(String header, int width, boolean right, Function<Object, String> value) {}

  private final List<Column> columns;
  private final boolean unmask;

  public RecordTable(TopicKind kind, boolean unmask) {
    this.unmask = unmask;
    this.columns = columnsOf(kind);
  }

  public String header() {
    return "TIMESTAMP (UTC)          PARTITION:OFFSET  " + columns.stream()
        .map(c -> pad(c.header(), c.width(), c.right())).collect(Collectors.joining("  ")).stripTrailing();
  }

  public String row(Inspected r) {
    String prefix = TIME.format(Instant.ofEpochMilli(r.timestamp())) + "  " + pad(r.partition() + ":" + r.offset(), 16,
        false) + "  ";
    if (!r.decoded()) {
      byte[] shown = r.value() == null ? null : r.kind().keyedByCard() && !unmask && r.key() != null
          ? CardTokens.maskIn(r.value(), new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)) : r.value();
      return prefix + "UNDECODABLE: " + PanDetector.mask(r.error()) + (shown == null ? "" : "  value "
          + hex(RecordJson.withoutCardNumbers(shown)));
    }
    StringBuilder line = new StringBuilder(prefix);
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      String v = PanDetector.mask(c.value().apply(r.record())); // a token may be unmasked, a card number never
      line.append(i == columns.size() - 1 ? v : pad(cut(v, c.width()), c.width(), c.right()) + "  ");
    }
    return line.toString().stripTrailing();
  }

  private List<Column> columnsOf(TopicKind kind) {
    return switch (kind) {
      case TRANSACTIONS -> List.of(
          new Column("TRANSACTION", 22, false, o -> ((Transaction) o).getTransactionId()),
          new Column("CARD", 14, false, o -> card(((Transaction) o).getCardToken())),
          new Column("ACCOUNT", 16, false, o -> ((Transaction) o).getAccountId()),
          new Column("MERCHANT", 16, false, o -> ((Transaction) o).getMerchantId()),
          new Column("TERMINAL", 14, false, o -> ((Transaction) o).getTerminalId()),
          new Column("AMOUNT", 16, true, o -> amount((Transaction) o)),
          new Column("MCC", 4, false, o -> ((Transaction) o).getMcc()),
          new Column("COUNTRY", 0, false, o -> ((Transaction) o).getCountry()));
      case DECISIONS, CANDIDATE_DECISIONS -> List.of(
          new Column("TRANSACTION", 22, false, o -> ((Decision) o).getTransactionId()),
          new Column("CARD", 14, false, o -> card(((Decision) o).getCardToken())),
          new Column("OUTCOME", 7, false, o -> ((Decision) o).getOutcome().toString()),
          new Column("RC", 2, false, o -> ((Decision) o).getResponseCode()),
          new Column("SCORE", 5, true, o -> String.valueOf(((Decision) o).getScore())),
          new Column("RETRY", 5, false, o -> ((Decision) o).getRetry() ? "yes" : ""),
          new Column("RULESET", 20, false, o -> ((Decision) o).getRulesetVersion()),
          new Column("REASONS", 0, false, o -> reasons(((Decision) o))));
      case AUDIT -> List.of(
          new Column("TRANSACTION", 22, false, o -> ((AuditEvent) o).getDecision().getTransactionId()),
          new Column("CARD", 14, false, o -> card(((AuditEvent) o).getDecision().getCardToken())),
          new Column("MERCHANT", 16, false, o -> ((AuditEvent) o).getTransaction().getMerchantId()),
          new Column("AMOUNT", 16, true, o -> amount(((AuditEvent) o).getTransaction())),
          new Column("OUTCOME", 7, false, o -> ((AuditEvent) o).getDecision().getOutcome().toString()),
          new Column("RC", 2, false, o -> ((AuditEvent) o).getDecision().getResponseCode()),
          new Column("RETRY", 5, false, o -> ((AuditEvent) o).getDecision().getRetry() ? "yes" : ""),
          new Column("REASONS", 24, false, o -> reasons(((AuditEvent) o).getDecision())),
          new Column("FIRED RULES", 0, false, o -> firedRules((AuditEvent) o)));
      case DEAD_LETTERS, LABEL_DEAD_LETTERS -> List.of(
          new Column("SOURCE", 14, false, o -> ((DeadLetter) o).getSourcePartition() + ":"
              + ((DeadLetter) o).getSourceOffset()),
          new Column("ERROR", 18, false, o -> ((DeadLetter) o).getErrorKind().toString()),
          new Column("MESSAGE", 60, false, o -> ((DeadLetter) o).getErrorMessage()),
          new Column("VALUE (HEX)", 0, false, o -> deadLetterBytes((DeadLetter) o)));
      case ENTITY_STATUS -> List.of(
          new Column("TYPE", 8, false, o -> ((EntityStatus) o).getEntityType().toString()),
          new Column("ID", 20, false, o -> entityId((EntityStatus) o)),
          new Column("STATUS", 10, false, o -> ((EntityStatus) o).getStatus().toString()),
          new Column("EFFECTIVE", 23, false, o -> TIME.format(((EntityStatus) o).getEffectiveTime())),
          new Column("SOURCE", 14, false, o -> ((EntityStatus) o).getSource()),
          new Column("REASON", 0, false, o -> String.valueOf(((EntityStatus) o).getReason())));
      case RISK_RULES -> List.of(
          new Column("VERSION", 28, false, o -> ((RulesetDocument) o).getVersion()),
          new Column("PUBLISHED", 23, false, o -> TIME.format(((RulesetDocument) o).getPublishedAt())),
          new Column("BY", 0, false, o -> ((RulesetDocument) o).getPublishedBy()));
      case MERCHANT_FEATURES -> List.of(
          new Column("MERCHANT", 16, false, o -> ((MerchantFeatures) o).getMerchantId()),
          new Column("AS OF", 23, false, o -> TIME.format(((MerchantFeatures) o).getAsOf())),
          new Column("SEEN", 8, true, o -> String.valueOf(((MerchantFeatures) o).getTransactionsSeen())),
          new Column("1H", 5, true, o -> String.valueOf(((MerchantFeatures) o).getCount1h())),
          new Column("NIGHT", 6, true, o -> String.format("%.2f", ((MerchantFeatures) o).getNightShare())),
          new Column("SMALL CARDS 10M", 15, true,
              o -> String.valueOf(((MerchantFeatures) o).getSmallAmountCards10m())),
          new Column("PROBED TERMINALS", 0, false, o -> ((MerchantFeatures) o).getProbedTerminals().stream()
              .map(t -> t.getTerminalId() + "=" + t.getSmallAmountCards10m()).toList().toString()));
      case FRAUD_LABELS -> List.of(
          new Column("REPORTED", 23, false, o -> TIME.format(((FraudLabel) o).getReportedTime())),
          new Column("TRANSACTION", 24, false, o -> ((FraudLabel) o).getTransactionId()),
          new Column("CARD", 16, false, o -> card(((FraudLabel) o).getCardToken())),
          new Column("LABEL", 15, false, o -> ((FraudLabel) o).getLabel().name()),
          new Column("TYPE", 18, false, o -> String.valueOf(((FraudLabel) o).getFraudType())),
          new Column("SOURCE", 0, false, o -> ((FraudLabel) o).getSource()));
    };
  }

  private String card(String token) {
    return CardTokens.show(token, unmask);
  }

  private String entityId(EntityStatus s) {
    return s.getEntityType() == dev.riskgate.schema.EntityType.CARD ? card(s.getEntityId()) : s.getEntityId();
  }

  private String deadLetterBytes(DeadLetter letter) {
    return letter.getValue() == null ? "(no value)" : hex(RecordJson.deadLetterValue(letter, unmask));
  }

  private static String hex(byte[] bytes) {
    String shown = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, HEX_BYTES));
    return bytes.length > HEX_BYTES ? shown + " … (" + bytes.length + " bytes; -o json has them all)" : shown;
  }

  private static String amount(Transaction tx) {
    return Amounts.format(tx.getAmountMinor(), tx.getCurrency());
  }

  private static String reasons(Decision d) {
    return d.getReasons().stream().map(Enum::name).collect(Collectors.joining(","));
  }

  private static String firedRules(AuditEvent audit) {
    return audit.getRules().stream().filter(RuleEvaluation::getFired)
        .map(r -> r.getRuleId() + (r.getMode() == dev.riskgate.schema.RuleMode.SHADOW ? " (shadow)" : ""))
        .collect(Collectors.joining(", "));
  }

  private static String cut(String value, int width) {
    if (value == null) {
      return "";
    }
    return value.length() <= width ? value : value.substring(0, width - 1) + "…";
  }

  private static String pad(String value, int width, boolean right) {
    String v = value == null ? "" : value;
    if (v.length() >= width) {
      return v;
    }
    String spaces = " ".repeat(width - v.length());
    return right ? spaces + v : v + spaces;
  }
}
