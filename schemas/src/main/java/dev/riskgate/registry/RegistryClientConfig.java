package dev.riskgate.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach a registry: its URL, optional basic-auth credentials ("user:password"), an optional trust store for
 * an https registry whose certificate the JDK does not trust (PKCS12 or JKS, with its password), per-request timeout
 * and how many attempts a call makes (with exponential backoff from {@code initialBackoff}) before it gives up.
 */
public record RegistryClientConfig(
    String url,
    String basicAuth,
    Path truststore,
    String truststorePassword,
    Duration requestTimeout,
    int maxAttempts,
    Duration initialBackoff) {

  /** Client property names for the registry, the same names as Confluent's (the serdes read them too). */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  /** "user:password" for HTTP basic authentication to the registry. */
  public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
  /** Trust store (PKCS12 or JKS) for an https registry whose certificate the JDK's default trust store lacks. */
  public static final String SCHEMA_REGISTRY_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

  public static RegistryClientConfig defaults(String url) {
    return new RegistryClientConfig(url, null, null, null, Duration.ofSeconds(5), 5, Duration.ofMillis(200));
  }

  /** From serde-style properties: {@link #SCHEMA_REGISTRY_URL} and the optional security settings. */
  public static RegistryClientConfig fromProperties(Map<String, ?> props) {
    Object location = props.get(SCHEMA_REGISTRY_TRUSTSTORE_LOCATION);
    return defaults(text(props, SCHEMA_REGISTRY_URL))
        .withBasicAuth(text(props, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO))
        .withTruststore(location == null || location.toString().isBlank() ? null : Path.of(location.toString()),
            text(props, SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD));
  }

  private static String text(Map<String, ?> props, String key) {
    Object value = props.get(key);
    return value == null || value.toString().isBlank() ? null : value.toString();
  }

  public RegistryClientConfig withRetries(int attempts, Duration backoff) {
    return new RegistryClientConfig(url, basicAuth, truststore, truststorePassword, requestTimeout, attempts, backoff);
  }

  /** {@code userInfo} is "user:password", sent as HTTP basic authentication. */
  public RegistryClientConfig withBasicAuth(String userInfo) {
    return new RegistryClientConfig(url, userInfo, truststore, truststorePassword, requestTimeout, maxAttempts,
        initialBackoff);
  }

  public RegistryClientConfig withTruststore(Path location, String password) {
    return new RegistryClientConfig(url, basicAuth, location, password, requestTimeout, maxAttempts, initialBackoff);
  }

  /** Credentials never reach a log line. */
  @Override
  public String toString() {
    return "RegistryClientConfig[url=" + url + ", basicAuth=" + (basicAuth == null ? "none" : "********")
        + ", truststore=" + truststore + ", requestTimeout=" + requestTimeout + ", maxAttempts=" + maxAttempts + "]";
  }
}
