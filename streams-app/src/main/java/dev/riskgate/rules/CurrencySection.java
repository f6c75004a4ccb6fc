package dev.riskgate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riskgate.features.CurrencyCodes;
import dev.riskgate.features.CurrencyTable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code currencies:} block of a ruleset document: the reference currency, the tiny-amount line, the round limits
 * and the rate (and optionally minor unit and own limits) of every currency the ruleset accepts. A document without
 * the block reads amounts with the shipped default ruleset's tables.
 */
final class CurrencySection {
  private static final Set<String> FIELDS = Set.of("reference", "tinyBelow", "roundLimits", "nearLimitBand", "rates");
  private static final Set<String> ENTRY_FIELDS = Set.of("rate", "minorDigits", "limits");
  private static final String WHERE = "currencies";

  private CurrencySection() {}

  /** The table in {@code node}, null (with problems added) when it is not valid. */
  static CurrencyTable parse(JsonNode node, List<String> problems) {
    if (!node.isObject()) {
      problems.add(WHERE + ": must be a mapping with reference, tinyBelow, roundLimits, nearLimitBand and rates");
      return null;
    }
    int before = problems.size();
    RulesetParser.unknownFields(node, FIELDS, WHERE, problems);
    String reference = node.path("reference").asText("");
    if (!CurrencyCodes.isIso4217(reference)) {
      problems.add(WHERE + ": field 'reference': '" + reference + "' is not an ISO 4217 code");
    }
    double tinyBelow = positive(node.path("tinyBelow"), WHERE + ": field 'tinyBelow'", problems);
    double[] roundLimits = limits(node.path("roundLimits"), WHERE + ": field 'roundLimits'", problems);
    double band = positive(node.path("nearLimitBand"), WHERE + ": field 'nearLimitBand'", problems);
    if (band >= 0.5) {
      problems.add(WHERE + ": field 'nearLimitBand': " + band + " is not a fraction under 0.5 (0.05 = 5% under)");
    }
    Map<String, CurrencyTable.Entry> entries = new LinkedHashMap<>();
    JsonNode rates = node.path("rates");
    if (!rates.isObject() || rates.isEmpty()) {
      problems.add(WHERE + ": field 'rates': a mapping of ISO 4217 code to its rate in the reference currency");
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = rates.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        CurrencyTable.Entry entry = entry(e.getKey(), e.getValue(), problems);
        if (entry != null) {
          entries.put(e.getKey(), entry);
        }
      }
      CurrencyTable.Entry own = entries.get(reference);
      if (!reference.isEmpty() && CurrencyCodes.isIso4217(reference) && (own == null || own.rate() != 1.0)) {
        problems.add(WHERE + ": field 'rates': the reference currency " + reference + " must be listed at rate 1");
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new CurrencyTable(tinyBelow, roundLimits, band, entries);
  }

  private static CurrencyTable.Entry entry(String code, JsonNode node, List<String> problems) {
    String where = WHERE + ".rates." + code;
    if (!CurrencyCodes.isIso4217(code)) {
      problems.add(where + ": '" + code + "' is not an ISO 4217 code");
      return null;
    }
    int before = problems.size();
    JsonNode rate = node;
    int minorDigits = CurrencyTable.isoMinorDigits(code);
    double[] limits = null;
    if (node.isObject()) {
      RulesetParser.unknownFields(node, ENTRY_FIELDS, where, problems);
      rate = node.path("rate");
      if (node.has("minorDigits")) {
        JsonNode digits = node.get("minorDigits");
        if (!digits.isIntegralNumber() || digits.asInt() < 0 || digits.asInt() > 4) {
          problems.add(where + ": field 'minorDigits': '" + digits.asText() + "' is not a whole number 0-4");
        }
        minorDigits = digits.asInt();
      }
      if (node.has("limits")) {
        limits = limits(node.get("limits"), where + ": field 'limits'", problems);
      }
    }
    double value = positive(rate, where + ": rate", problems);
    return problems.size() > before ? null : new CurrencyTable.Entry(value, minorDigits, limits);
  }

  private static double positive(JsonNode node, String where, List<String> problems) {
    if (!node.isNumber() || !(node.asDouble() > 0) || Double.isInfinite(node.asDouble())) {
      problems.add(where + ": '" + node.asText(node.toString()) + "' is not a number > 0");
      return 0;
    }
    return node.asDouble();
  }

  private static double[] limits(JsonNode node, String where, List<String> problems) {
    if (!node.isArray() || node.isEmpty()) {
      problems.add(where + ": a non-empty list of amounts, ascending");
      return new double[0];
    }
    double[] limits = new double[node.size()];
    for (int i = 0; i < limits.length; i++) {
      limits[i] = positive(node.get(i), where + "[" + i + "]", problems);
      if (i > 0 && limits[i] <= limits[i - 1]) {
        problems.add(where + ": not ascending at [" + i + "] (" + node.get(i).asText() + ")");
      }
    }
    return limits;
  }
}
