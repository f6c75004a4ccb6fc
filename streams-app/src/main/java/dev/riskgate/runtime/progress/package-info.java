/**
 * The watchdog that turns readiness down when partitions stop moving; part of the runner.
 */
package dev.riskgate.runtime.progress;
