package dev.riskgate.analyst;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as analysts type it: {@code -15m} (relative to now: s, m, h, d), {@code now},
 * {@code 2026-11-26T08:15:00Z}, {@code 2026-11-26T08:15} (UTC) or {@code 2026-11-26} (midnight UTC).
 */
public final class TimeArgument {
  public static final String FORMS = "-15m, -2h, -1d, now, 2026-11-26T08:15:00Z, 2026-11-26T08:15 (UTC), 2026-11-26";
  private static final Pattern RELATIVE = Pattern.compile("-(\\d+)([smhd])");

  private TimeArgument() {}

  public static Instant parse(String text, Instant now) {
    String t = text.trim();
    if (t.equals("now")) {
      return now;
    }
    Matcher relative = RELATIVE.matcher(t);
    if (relative.matches()) {
      long n = Long.parseLong(relative.group(1));
      Duration back = switch (relative.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      return now.minus(back);
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException notAnInstant) {
      // try the shorter forms below
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notLocal) {
      // try a date alone
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a time; use one of: " + FORMS);
    }
  }
}
