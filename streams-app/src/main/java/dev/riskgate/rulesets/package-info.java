/**
 * Rulesets on Kafka: publishing to risk-rules, the global-store updater that keeps the ruleset in force and the
 * candidate, and reading them back; imports rules, topics and privacy.
 */
package dev.riskgate.rulesets;
