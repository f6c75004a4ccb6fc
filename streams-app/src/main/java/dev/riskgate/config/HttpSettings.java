package dev.riskgate.config;

import java.util.Optional;

/**
 * Where the health and metrics endpoints listen, the bearer token that protects /metrics and /api/* when set, and the
 * token that lets /api/* show full card tokens when set.
 */
public record HttpSettings(String host, int port, String token, String unmask) {

  public HttpSettings(String host, int port, String token) {
    this(host, port, token, "");
  }

  /** The token a caller presents to see full card tokens, when one is configured. */
  public Optional<String> unmaskToken() {
    return unmask == null || unmask.isEmpty() ? Optional.empty() : Optional.of(unmask);
  }

  /** The token, when one is configured. */
  public Optional<String> bearerToken() {
    return token == null || token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  /** Never prints the token: a config object ends up in logs and exception messages. */
  @Override
  public String toString() {
    return "HttpSettings[host=" + host + ", port=" + port + ", token=" + (bearerToken().isPresent() ? "****" : "")
        + ", unmask=" + (unmaskToken().isPresent() ? "****" : "") + "]";
  }
}
