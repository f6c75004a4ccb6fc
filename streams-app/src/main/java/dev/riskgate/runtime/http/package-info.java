/**
 * The HTTP endpoints of a running instance (health, metrics, analyst API and page), bound to 127.0.0.1 unless
 * configured; part of the runner.
 */
package dev.riskgate.runtime.http;
