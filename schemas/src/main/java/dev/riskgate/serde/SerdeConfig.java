package dev.riskgate.serde;

/** Kafka client property names understood by the serializers, the same names as Confluent's. */
public final class SerdeConfig {
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  /** "user:password" for HTTP basic authentication to the registry. */
  public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
  /** Trust store (PKCS12 or JKS) for an https registry whose certificate the JDK's default trust store lacks. */
  public static final String SCHEMA_REGISTRY_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

  private SerdeConfig() {}
}
