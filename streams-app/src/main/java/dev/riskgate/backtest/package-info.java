/**
 * Backtests: history screened offline through the topology's processors with a baseline and candidate rulesets,
 * decision files and their comparison; imports the topology, history, rules and privacy.
 */
package dev.riskgate.backtest;
