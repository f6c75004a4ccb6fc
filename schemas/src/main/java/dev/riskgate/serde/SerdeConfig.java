package dev.riskgate.serde;

import dev.riskgate.registry.RegistryClientConfig;

/** Kafka client property names understood by the serializers, the same names as Confluent's. */
public final class SerdeConfig {
  public static final String SCHEMA_REGISTRY_URL = RegistryClientConfig.SCHEMA_REGISTRY_URL;
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  /** "user:password" for HTTP basic authentication to the registry. */
  public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO =
      RegistryClientConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO;
  /** Trust store (PKCS12 or JKS) for an https registry whose certificate the JDK's default trust store lacks. */
  public static final String SCHEMA_REGISTRY_TRUSTSTORE_LOCATION =
      RegistryClientConfig.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION;
  public static final String SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD =
      RegistryClientConfig.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD;

  private SerdeConfig() {}
}
