package dev.riskgate.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * Ranges of numeric network tokens an acquirer sends as card tokens (EMV payment tokens are 16 Luhn-valid digits by
 * design, so they look like card numbers). Each range is a token BIN prefix; a card token in a declared range is
 * accepted, while every other field still refuses anything that looks like a card number.
 */
public record TokenRanges(List<String> prefixes) {
  public static final TokenRanges NONE = new TokenRanges(List.of());

  public TokenRanges {
    prefixes = List.copyOf(prefixes);
  }

  /** Whether a PAN-shaped number (digits only) lies in a declared range. */
  public boolean covers(String digits) {
    for (String prefix : prefixes) {
      if (digits.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Comma-separated prefixes of 6 to 12 digits (a token BIN is 6 or 8 digits; longer narrows the range). Problems are
   * added to {@code problems}, naming {@code setting}.
   */
  public static TokenRanges parse(String text, String setting, List<String> problems) {
    List<String> prefixes = new ArrayList<>();
    for (String part : text.split(",")) {
      String prefix = part.trim();
      if (prefix.isEmpty()) {
        continue;
      }
      if (prefix.length() < 6 || prefix.length() > 12 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
        problems.add(setting + ": '" + prefix + "' is not a token BIN prefix of 6 to 12 digits");
      } else {
        prefixes.add(prefix);
      }
    }
    return new TokenRanges(prefixes);
  }
}
