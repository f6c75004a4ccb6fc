/**
 * Entity statuses in event time: each entity's history of changes, the look-up of the status in force at a
 * transaction's time (failing closed), and the watch that counts changes arriving late; imports privacy.
 */
package dev.riskgate.status;
