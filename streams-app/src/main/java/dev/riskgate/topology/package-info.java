/**
 * The screening topology, built as one pure function of configuration for the live app and run offline by backtests
 * over the same processors and store names; it assembles the card side, the merchant side, decisions, statuses,
 * stores and rulesets, and never imports the runtime, the commands or the analyst tools.
 */
package dev.riskgate.topology;
