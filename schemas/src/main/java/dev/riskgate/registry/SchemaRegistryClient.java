package dev.riskgate.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API that riskgate uses. Implementations cache
 * ids and schemas, so callers may ask on every serializer call without a network round trip.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /** Registers {@code schema} under {@code subject} (or finds it there) and returns its global id. */
  int register(String subject, Schema schema);

  /** The schema with this global id; once fetched it is served from cache, even while the registry is down. */
  Schema schemaById(int id);

  /** The latest version registered under {@code subject}. */
  RegisteredSchema latest(String subject);

  /** Whether {@code schema} could be registered under {@code subject} without breaking its compatibility rule. */
  CompatibilityResult checkCompatibility(String subject, Schema schema);

  /** Where this client points, for error messages and logs. */
  String url();

  @Override
  default void close() {}
}
