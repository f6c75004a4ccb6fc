package dev.riskgate.config;

import java.util.Optional;

/** Where the health and metrics endpoints listen, and the bearer token that protects /metrics when set. */
public record HttpSettings(String host, int port, String token) {

  /** The token, when one is configured. */
  public Optional<String> bearerToken() {
    return token == null || token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  /** Never prints the token: a config object ends up in logs and exception messages. */
  @Override
  public String toString() {
    return "HttpSettings[host=" + host + ", port=" + port + ", token=" + (bearerToken().isPresent() ? "****" : "")
        + "]";
  }
}
