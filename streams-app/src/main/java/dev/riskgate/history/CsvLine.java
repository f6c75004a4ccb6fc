package dev.riskgate.history;

import java.util.List;

/** RFC 4180 lines: values containing a comma or a quote are quoted, a quote inside doubled; no value spans lines. */
public final class CsvLine {
  private CsvLine() {}

  /** RFC 4180 fields of one line, into {@code values}. */
  public static List<String> split(String line, List<String> values) {
    values.clear();
    if (line.indexOf('"') < 0) {
      // nearly every line: no quote anywhere, so the values lie between commas (indexOf is vectorised)
      int start = 0;
      for (int comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', start)) {
        values.add(line.substring(start, comma));
        start = comma + 1;
      }
      values.add(line.substring(start));
      return values;
    }
    int length = line.length();
    int start = 0;
    while (true) {
      // most values carry no quote: cut them out whole instead of copying them a character at a time
      int end = start;
      char c = 0;
      while (end < length && (c = line.charAt(end)) != ',' && c != '"') {
        end++;
      }
      if (end < length && c == '"') {
        start = quotedValue(line, start, values);
      } else {
        values.add(line.substring(start, end));
        start = end + 1;
      }
      if (start > length) {
        return values;
      }
    }
  }

  /** A value with quotes in it, from {@code start}; returns where the next value starts, past the end after the last. */
  private static int quotedValue(String line, int start, List<String> values) {
    StringBuilder value = new StringBuilder();
    boolean quoted = false;
    for (int i = start; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          value.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          value.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        values.add(value.toString());
        return i + 1;
      } else {
        value.append(c);
      }
    }
    values.add(value.toString());
    return line.length() + 1;
  }

  /** One line of values, quoted where needed; null is written as an empty value. */
  public static String join(String... values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      String v = values[i] == null ? "" : values[i];
      if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0) {
        line.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        line.append(v);
      }
    }
    return line.toString();
  }
}
