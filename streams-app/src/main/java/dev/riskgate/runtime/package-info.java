/**
 * The runner only: starts Kafka Streams with the topology, provisions topics and schemas when asked, serves health,
 * metrics and the analyst routes over HTTP, and watches progress; only the commands import it.
 */
package dev.riskgate.runtime;
