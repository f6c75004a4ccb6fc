/**
 * The detection report: recall and false positives of a ruleset on a labelled generated day; imports backtest,
 * generate, history, rules and the topology.
 */
package dev.riskgate.detection;
