package dev.riskgate.serde;

/** Kafka client property names understood by the serializers, the same names as Confluent's. */
public final class SerdeConfig {
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  private SerdeConfig() {}
}
