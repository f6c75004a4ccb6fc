/**
 * The rule engine, pure: rulesets parsed and checked, rules evaluated over a feature vector into an outcome, reasons
 * and an ISO 8583 response code; no Kafka types, imports features and privacy only.
 */
package dev.riskgate.rules;
