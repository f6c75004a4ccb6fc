package dev.riskgate.registry;

import java.time.Duration;

/**
 * How to reach a registry: its URL, optional basic-auth credentials ("user:password"), per-request timeout and how
 * many attempts a call makes (with exponential backoff from {@code initialBackoff}) before it gives up.
 */
public record RegistryClientConfig(
    String url, String basicAuth, Duration requestTimeout, int maxAttempts, Duration initialBackoff) {

  public static RegistryClientConfig defaults(String url) {
    return new RegistryClientConfig(url, null, Duration.ofSeconds(5), 5, Duration.ofMillis(200));
  }

  public RegistryClientConfig withRetries(int attempts, Duration backoff) {
    return new RegistryClientConfig(url, basicAuth, requestTimeout, attempts, backoff);
  }
}
