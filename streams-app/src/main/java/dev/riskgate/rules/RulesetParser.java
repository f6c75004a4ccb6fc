package dev.riskgate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.riskgate.features.CurrencyTable;
import dev.riskgate.features.Feature;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a ruleset document (YAML, or JSON, which is YAML too) and checks every field, reporting each problem with the
 * rule and field it is in. Nothing half-valid is returned: a ruleset is usable as a whole or refused as a whole.
 */
public final class RulesetParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP_FIELDS = Set.of("version", "description", "thresholds", "rules", "currencies");
  private static final Set<String> RULE_FIELDS = Set.of("id", "description", "feature", "operator", "threshold",
      "weight", "action", "reason", "responseCode", "mode", "when");
  private static final Set<String> CONDITION_FIELDS = Set.of("feature", "operator", "threshold");

  private RulesetParser() {}

  /** The shipped default ruleset's currency tables, which a document without a currencies block reads amounts with. */
  private static final class Shipped {
    static final CurrencyTable CURRENCIES = parse(Rulesets.defaultDocument()).currencies();
  }

  public static Ruleset parse(String document) {
    refuseCardNumbers(document);
    JsonNode root;
    try {
      root = YAML.readTree(document);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new RulesetException(List.of("not YAML or JSON: " + e.getOriginalMessage()));
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new RulesetException(List.of("the document must be a mapping with version, thresholds and rules"));
    }
    unknownFields(root, TOP_FIELDS, "ruleset", problems);
    String version = text(root, "version", "ruleset", problems);
    String description = root.path("description").asText("");
    JsonNode thresholds = root.path("thresholds");
    int reviewAt = wholeNumber(thresholds, "review", "thresholds", problems);
    int blockAt = wholeNumber(thresholds, "block", "thresholds", problems);
    if (reviewAt > 0 && blockAt > 0 && reviewAt >= blockAt) {
      problems.add("thresholds: review (" + reviewAt + ") must be below block (" + blockAt + ")");
    }
    JsonNode rulesNode = root.path("rules");
    List<Rule> rules = new ArrayList<>();
    if (!rulesNode.isArray() || rulesNode.isEmpty()) {
      problems.add("rules: a non-empty list of rules is required");
    } else {
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < rulesNode.size(); i++) {
        Rule rule = rule(rulesNode.get(i), i, problems);
        if (rule != null && !ids.add(rule.id())) {
          problems.add("rule '" + rule.id() + "' (rules[" + i + "]): field 'id': used by an earlier rule too");
        }
        if (rule != null) {
          rules.add(rule);
        }
      }
    }
    CurrencyTable currencies = root.has("currencies")
        ? CurrencySection.parse(root.get("currencies"), problems) : Shipped.CURRENCIES;
    if (!problems.isEmpty()) {
      throw new RulesetException(problems);
    }
    return new Ruleset(version, description, reviewAt, blockAt, List.copyOf(rules), currencies);
  }

  /** A ruleset is published to a topic and served by the API: no line of it, comments included, may hold a PAN. */
  private static void refuseCardNumbers(String document) {
    String[] lines = document.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (PanDetector.containsPan(lines[i])) {
        throw new RulesetException(List.of("line " + (i + 1) + " carries a card number: '"
            + PanDetector.mask(lines[i].strip()) + "'; a ruleset must not hold card numbers"));
      }
    }
  }

  private static Rule rule(JsonNode node, int index, List<String> problems) {
    String where = "rule '" + node.path("id").asText("?") + "' (rules[" + index + "])";
    if (!node.isObject()) {
      problems.add("rules[" + index + "]: must be a mapping");
      return null;
    }
    int before = problems.size();
    unknownFields(node, RULE_FIELDS, where, problems);
    String id = text(node, "id", where, problems);
    String description = text(node, "description", where, problems);
    Feature feature = feature(node, where, problems);
    Operator operator = operator(node, where, problems);
    double[] threshold = threshold(node.path("threshold"), operator, where, problems);
    List<Rule.Condition> when = conditions(node.path("when"), where, problems);
    Rule.Action action = enumValue(node, "action", Rule.Action.class, Rule.Action.SCORE, where, problems);
    int weight = node.has("weight") ? wholeNumber(node, "weight", where, problems) : 0;
    if (action == Rule.Action.SCORE && !node.has("weight")) {
      problems.add(where + ": field 'weight': required unless the rule has an action (REVIEW or BLOCK)");
    }
    ReasonCode reason = enumValue(node, "reason", ReasonCode.class, null, where, problems);
    if (reason == null && !node.has("reason")) {
      problems.add(where + ": field 'reason': required (a reason code such as VELOCITY_COUNT)");
    }
    String responseCode = node.has("responseCode") ? node.get("responseCode").asText() : null;
    if (responseCode != null && !responseCode.matches("\\d\\d")) {
      problems.add(where + ": field 'responseCode': '" + responseCode + "' is not a two-digit ISO 8583 code");
    }
    RuleMode mode = enumValue(node, "mode", RuleMode.class, null, where, problems);
    if (mode == null && !node.has("mode")) {
      problems.add(where + ": field 'mode': required (ENFORCE or SHADOW)");
    }
    if (problems.size() > before) {
      return null;
    }
    return new Rule(id, description, feature, operator, threshold[0], threshold[1], weight, action, reason,
        responseCode, mode, when);
  }

  private static List<Rule.Condition> conditions(JsonNode node, String where, List<String> problems) {
    if (node.isMissingNode()) {
      return List.of();
    }
    if (!node.isArray()) {
      problems.add(where + ": field 'when': must be a list of {feature, operator, threshold}");
      return List.of();
    }
    List<Rule.Condition> conditions = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = where + " when[" + i + "]";
      JsonNode c = node.get(i);
      unknownFields(c, CONDITION_FIELDS, at, problems);
      Feature feature = feature(c, at, problems);
      Operator operator = operator(c, at, problems);
      double[] threshold = threshold(c.path("threshold"), operator, at, problems);
      if (feature != null && operator != null) {
        conditions.add(new Rule.Condition(feature, operator, threshold[0], threshold[1]));
      }
    }
    return List.copyOf(conditions);
  }

  private static Feature feature(JsonNode node, String where, List<String> problems) {
    String name = text(node, "feature", where, problems);
    if (name == null) {
      return null;
    }
    Feature feature = Feature.byName(name);
    if (feature == null) {
      problems.add(where + ": field 'feature': '" + name + "' is not a feature (known: "
          + Arrays.stream(Feature.values()).map(Feature::featureName).collect(Collectors.joining(", ")) + ")");
    }
    return feature;
  }

  private static Operator operator(JsonNode node, String where, List<String> problems) {
    String symbol = text(node, "operator", where, problems);
    if (symbol == null) {
      return null;
    }
    Operator operator = Operator.bySymbol(symbol);
    if (operator == null) {
      problems.add(where + ": field 'operator': '" + symbol + "' is not one of "
          + Arrays.stream(Operator.values()).map(Operator::symbol).collect(Collectors.joining(", ")));
    }
    return operator;
  }

  private static double[] threshold(JsonNode node, Operator operator, String where, List<String> problems) {
    if (node.isMissingNode()) {
      problems.add(where + ": field 'threshold': required");
      return new double[2];
    }
    if (operator == Operator.BETWEEN) {
      if (!node.isArray() || node.size() != 2 || !node.get(0).isNumber() || !node.get(1).isNumber()
          || node.get(0).asDouble() > node.get(1).asDouble()) {
        problems.add(where + ": field 'threshold': 'between' needs [low, high] with low <= high, got " + node);
        return new double[2];
      }
      return new double[] {node.get(0).asDouble(), node.get(1).asDouble()};
    }
    if (!node.isNumber()) {
      problems.add(where + ": field 'threshold': '" + node.asText(node.toString()) + "' is not a number");
      return new double[2];
    }
    return new double[] {node.asDouble(), node.asDouble()};
  }

  static void unknownFields(JsonNode node, Set<String> known, String where, List<String> problems) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(where + ": field '" + name + "': unknown (known: " + String.join(", ", known) + ")");
      }
    }
  }

  private static String text(JsonNode node, String field, String where, List<String> problems) {
    JsonNode value = node.path(field);
    if (!value.isValueNode() || value.asText().isBlank()) {
      problems.add(where + ": field '" + field + "': required");
      return null;
    }
    return value.asText();
  }

  private static int wholeNumber(JsonNode node, String field, String where, List<String> problems) {
    JsonNode value = node.path(field);
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
      problems.add(where + ": field '" + field + "': '" + value.asText("missing") + "' is not a whole number >= 0");
      return 0;
    }
    return value.asInt();
  }

  private static <E extends Enum<E>> E enumValue(JsonNode node, String field, Class<E> type, E fallback,
      String where, List<String> problems) {
    if (!node.has(field)) {
      return fallback;
    }
    String value = node.get(field).asText();
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      problems.add(where + ": field '" + field + "': '" + value + "' is not one of "
          + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
      return fallback;
    }
  }
}
