package dev.riskgate.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riskgate.history.CsvLine;
import dev.riskgate.history.TextLines;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.LabelKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Labels in a file, one a line: CSV with a header naming the columns (any order), or JSON Lines with the same field
 * names. Each line gives a label or the reason it is refused; a line carrying a card number anywhere is refused
 * before anything else is read of it, and shown masked.
 */
public final class LabelFile implements AutoCloseable {
  /** The file formats, by what a name ends with. */
  public enum Format { CSV, JSONL;

    /** The format a file's name tells, or null. */
    public static Format of(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      return name.endsWith(".csv") ? CSV : name.endsWith(".jsonl") || name.endsWith(".ndjson") ? JSONL : null;
    }
  }

  /** One line read: a label, or why it was refused (kind, reason, the input masked). */
  public record Line(long number, FraudLabel label, ErrorKind kind, String reason, String input) {
    public boolean refused() {
      return label == null;
    }
  }

  static final List<String> FIELDS = List.of("transactionId", "cardToken", "label", "fraudType",
      "chargebackReasonCode", "source", "reportedTime");
  private static final List<String> REQUIRED = List.of("transactionId", "cardToken", "label", "reportedTime");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Clocks disagree a little; brokers refuse record timestamps over an hour ahead by default. */
  private static final java.time.Duration FUTURE_SKEW = java.time.Duration.ofMinutes(5);

  private final TextLines lines;
  private final Format format;
  private final String defaultSource;
  private Map<String, Integer> columns;

  /** {@code defaultSource}: the source of lines that name none (null: they must). */
  public LabelFile(Path file, Format format, String defaultSource) throws IOException {
    this.lines = new TextLines(file);
    this.format = format;
    this.defaultSource = defaultSource;
    if (format == Format.CSV) {
      String header = lines.nextNonBlank();
      if (header == null) {
        throw new IllegalArgumentException(file + " is empty: a CSV file of labels needs a header ("
            + String.join(",", FIELDS) + ")");
      }
      columns = new HashMap<>();
      List<String> names = CsvLine.split(header.strip(), new ArrayList<>());
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i).strip();
        if (!FIELDS.contains(name)) {
          throw new IllegalArgumentException(file + " line 1: column '" + PanDetector.mask(name)
              + "' is not a label field (" + String.join(", ", FIELDS) + ")");
        }
        columns.put(name, i);
      }
      List<String> missing = REQUIRED.stream().filter(f -> !columns.containsKey(f)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(file + " line 1: the header lacks " + String.join(", ", missing));
      }
    }
  }

  /** The next line, or null at the end. */
  public Line next() throws IOException {
    String text = lines.nextNonBlank();
    if (text == null) {
      return null;
    }
    long number = lines.number();
    Function<String, String> field;
    List<String> scanned = new ArrayList<>();
    if (format == Format.CSV) {
      List<String> values = CsvLine.split(text, new ArrayList<>());
      Integer time = columns.get("reportedTime");
      for (int i = 0; i < values.size(); i++) {
        if (time == null || i != time) {
          scanned.add(values.get(i));
        }
      }
      scanned.add(time != null && time < values.size() ? timeText(values.get(time)) : "");
      field = name -> {
        Integer at = columns.get(name);
        return at == null || at >= values.size() || values.get(at).isBlank() ? null : values.get(at).strip();
      };
    } else {
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return refuse(number, ErrorKind.UNDECODABLE, "not JSON: " + e.getOriginalMessage(), text);
      }
      if (node == null || !node.isObject()) {
        return refuse(number, ErrorKind.UNDECODABLE, "not a JSON object", text);
      }
      List<String> unknown = new ArrayList<>();
      node.fieldNames().forEachRemaining(n -> {
        if (!FIELDS.contains(n)) {
          unknown.add(n);
        }
      });
      if (!unknown.isEmpty()) {
        return refuse(number, ErrorKind.INVALID_FIELD, "unknown field " + String.join(", ", unknown)
            + " (fields: " + String.join(", ", FIELDS) + ")", text);
      }
      field = name -> node.hasNonNull(name) && !node.get(name).asText().isBlank() ? node.get(name).asText().strip()
          : null;
      for (String name : FIELDS) {
        String value = field.apply(name);
        scanned.add(value == null ? "" : name.equals("reportedTime") ? timeText(value) : value);
      }
    }
    // field by field, not the line: a reportedTime in epoch milliseconds is 13 digits, and one in ten passes the
    // card-number checksum
    for (String value : scanned) {
      if (PanDetector.containsPan(value)) {
        return refuse(number, ErrorKind.PAN_DETECTED, "carries a card number; labels name cards by token", text);
      }
    }
    return labelOf(number, field, text);
  }

  private Line labelOf(long number, Function<String, String> field, String text) {
    for (String required : REQUIRED) {
      if (field.apply(required) == null) {
        return refuse(number, ErrorKind.MISSING_FIELD, required + " is missing", text);
      }
    }
    LabelKind kind;
    try {
      kind = LabelKind.valueOf(field.apply("label").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return refuse(number, ErrorKind.INVALID_FIELD, "label '" + field.apply("label") + "' is not one of "
          + Arrays.stream(LabelKind.values()).map(Enum::name).collect(Collectors.joining(", ")), text);
    }
    Instant reported;
    try {
      String time = field.apply("reportedTime");
      reported = time.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(time))
          : Instant.parse(time);
    } catch (DateTimeParseException | NumberFormatException e) {
      return refuse(number, ErrorKind.INVALID_FIELD, "reportedTime '" + field.apply("reportedTime")
          + "' is not an ISO-8601 instant (2026-12-01T09:30:00Z) or epoch milliseconds", text);
    }
    if (reported.isAfter(Instant.now().plus(FUTURE_SKEW))) {
      return refuse(number, ErrorKind.INVALID_FIELD, "reportedTime " + reported + " is in the future: an outcome is "
          + "reported after the fact", text);
    }
    String contradiction = LabelCheck.contradiction(kind, field.apply("fraudType"),
        field.apply("chargebackReasonCode"));
    if (contradiction != null) {
      return refuse(number, ErrorKind.INVALID_FIELD, contradiction, text);
    }
    String source = field.apply("source") != null ? field.apply("source") : defaultSource;
    if (source == null) {
      return refuse(number, ErrorKind.MISSING_FIELD, "source is missing (or give --source)", text);
    }
    FraudLabel label = new FraudLabel(field.apply("transactionId"), field.apply("cardToken"), kind,
        field.apply("fraudType"), field.apply("chargebackReasonCode"), source, reported);
    return new Line(number, label, null, null, null);
  }

  /** A reportedTime as a card-number scan should see it: nothing when it is epoch milliseconds. */
  private static String timeText(String value) {
    String time = value.strip();
    return !time.isEmpty() && time.chars().allMatch(Character::isDigit) ? "" : time;
  }

  private static Line refuse(long number, ErrorKind kind, String reason, String text) {
    return new Line(number, null, kind, reason, PanDetector.mask(text));
  }

  /** How far into the file the reader is, 0-1. */
  public double progress() {
    return lines.progress();
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
