/**
 * Outcomes counted live: the audit topic and fraud-labels read back by the running app, each original decision
 * remembered for the label horizon, so every rule's hits, labelled fraud and labelled genuine are on /metrics and the
 * analyst page as labels arrive.
 */
package dev.riskgate.outcomes;
