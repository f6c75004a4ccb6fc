/**
 * Decisions as records: the decision and audit event of a transaction, the memory that answers retries, dead letters,
 * and candidate rulesets deciding beside the one in force; imports rules, rulesets, features, validation, privacy,
 * config, topics and what the sides share (screening).
 */
package dev.riskgate.decision;
