/**
 * The merchant side, where every transaction is decided: hop records put back in event-time order, merchant and
 * terminal features, the ruleset in force; imports what the sides share (screening), decisions, rulesets, rules,
 * stores, features, config and topics, never the card side or the topology.
 */
package dev.riskgate.merchant;
