package dev.riskgate.rules;

import dev.riskgate.features.CurrencyTable;
import java.util.List;

/**
 * A versioned set of rules with the score thresholds that turn fired weights into an outcome: score at or above
 * {@code blockAt} blocks, at or above {@code reviewAt} sends the transaction to review; and the currency tables its
 * amounts are read with.
 */
public record Ruleset(String version, String description, int reviewAt, int blockAt, List<Rule> rules,
    CurrencyTable currencies) {}
