package dev.riskgate.registry;

import java.util.Map;

/** Builds a client for a URL: {@code mock://<scope>} for the in-process registry, http(s) for a real one. */
public final class SchemaRegistryClients {
  private static final String MOCK_PREFIX = "mock://";

  private SchemaRegistryClients() {}

  public static SchemaRegistryClient create(RegistryClientConfig config) {
    String url = config.url();
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("No Schema Registry URL given (" + RegistryClientConfig.SCHEMA_REGISTRY_URL + ")");
    }
    if (url.startsWith(MOCK_PREFIX)) {
      return MockSchemaRegistryClient.forScope(url.substring(MOCK_PREFIX.length()));
    }
    return new RestSchemaRegistryClient(config);
  }

  public static SchemaRegistryClient create(String url) {
    return create(RegistryClientConfig.defaults(url));
  }

  /** For serializers built by Kafka from client properties (URL, basic auth, trust store). */
  public static SchemaRegistryClient fromKafkaConfig(Map<String, ?> configs) {
    return create(RegistryClientConfig.fromProperties(configs));
  }
}
