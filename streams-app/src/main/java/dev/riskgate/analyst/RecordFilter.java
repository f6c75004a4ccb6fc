package dev.riskgate.analyst;

import dev.riskgate.analyst.TopicKind.Fact;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Filters an analyst combines: a record passes when it matches every filter given; a filter given several values
 * matches any of them. Amounts are in major units of the transaction's own currency, bounds included. A rule id
 * matches audit events in which that rule fired.
 */
public record RecordFilter(List<String> cards, List<String> accounts, List<String> merchants, List<String> terminals,
    List<Outcome> outcomes, List<ReasonCode> reasons, List<String> responseCodes, List<String> ruleIds,
    BigDecimal minAmount, BigDecimal maxAmount) {

  public static final RecordFilter NONE =
      new RecordFilter(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null,
          null);

  public RecordFilter {
    cards = List.copyOf(cards);
    accounts = List.copyOf(accounts);
    merchants = List.copyOf(merchants);
    terminals = List.copyOf(terminals);
    outcomes = List.copyOf(outcomes);
    reasons = List.copyOf(reasons);
    responseCodes = List.copyOf(responseCodes);
    ruleIds = List.copyOf(ruleIds);
  }

  /** One line per filter the topic cannot answer (the option named as the user typed it), empty when all can. */
  public List<String> problemsFor(TopicKind kind, String topic) {
    List<String> problems = new ArrayList<>();
    check(kind, topic, Fact.CARD, !cards.isEmpty(), "--card", problems);
    check(kind, topic, Fact.ACCOUNT, !accounts.isEmpty(), "--account", problems);
    check(kind, topic, Fact.MERCHANT, !merchants.isEmpty(), "--merchant", problems);
    check(kind, topic, Fact.TERMINAL, !terminals.isEmpty(), "--terminal", problems);
    check(kind, topic, Fact.OUTCOME, !outcomes.isEmpty(), "--outcome", problems);
    check(kind, topic, Fact.REASON, !reasons.isEmpty(), "--reason", problems);
    check(kind, topic, Fact.RESPONSE_CODE, !responseCodes.isEmpty(), "--response-code", problems);
    check(kind, topic, Fact.RULE, !ruleIds.isEmpty(), "--rule", problems);
    check(kind, topic, Fact.AMOUNT, minAmount != null || maxAmount != null, "--min-amount/--max-amount", problems);
    if (minAmount != null && maxAmount != null && minAmount.compareTo(maxAmount) > 0) {
      problems.add("--min-amount " + minAmount + " is above --max-amount " + maxAmount);
    }
    return problems;
  }

  private static void check(TopicKind kind, String topic, Fact fact, boolean given, String option,
      List<String> problems) {
    if (given && !kind.facts().contains(fact)) {
      problems.add(option + " does not apply to " + topic + " (its records carry no " + fact.name().toLowerCase()
          .replace('_', ' ') + ")");
    }
  }

  public boolean test(RecordFacts f) {
    return anyOf(cards, f.card()) && anyOf(accounts, f.account()) && anyOf(merchants, f.merchant())
        && anyOf(terminals, f.terminal()) && anyOf(outcomes, f.outcome())
        && anyOf(responseCodes, f.responseCode())
        && (reasons.isEmpty() || f.reasons() != null && f.reasons().stream().anyMatch(reasons::contains))
        && (ruleIds.isEmpty() || f.firedRules() != null && f.firedRules().stream().anyMatch(ruleIds::contains))
        && amountWithin(f);
  }

  /**
   * For a record that does not decode only its key is known: a card-keyed record with another card's key is left
   * out; any other such record is shown, since nothing rules it out.
   */
  public boolean mayMatchUndecodable(Inspected r) {
    return cards.isEmpty() || !r.kind().keyedByCard() || r.key() == null
        || cards.contains(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
  }

  private static <T> boolean anyOf(Collection<T> wanted, T actual) {
    return wanted.isEmpty() || actual != null && wanted.contains(actual);
  }

  private boolean amountWithin(RecordFacts f) {
    if (minAmount == null && maxAmount == null) {
      return true;
    }
    if (f.amountMinor() == null) {
      return false;
    }
    BigDecimal amount = Amounts.major(f.amountMinor(), f.currency());
    return (minAmount == null || amount.compareTo(minAmount) >= 0)
        && (maxAmount == null || amount.compareTo(maxAmount) <= 0);
  }
}
