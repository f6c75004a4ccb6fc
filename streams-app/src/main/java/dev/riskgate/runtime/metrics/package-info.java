/**
 * The Prometheus meters of a running instance, including the screening recorder; part of the runner.
 */
package dev.riskgate.runtime.metrics;
