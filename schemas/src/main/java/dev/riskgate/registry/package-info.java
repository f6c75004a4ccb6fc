/**
 * A Confluent-API Schema Registry client (REST with retries, TLS and basic auth; an in-process one for tests) and its
 * property names; imports nothing of riskgate.
 */
package dev.riskgate.registry;
