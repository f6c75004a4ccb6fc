package dev.riskgate.config;

import java.util.Optional;

/**
 * Where the health and metrics endpoints listen, the bearer token that protects /metrics and /api/* when set, the
 * token that lets /api/* show full card tokens when set, and TLS when a key store is configured.
 */
public record HttpSettings(String host, int port, String token, String unmask, HttpTls tls) {

  public HttpSettings(String host, int port, String token) {
    this(host, port, token, "", HttpTls.NONE);
  }

  /** The base address of an instance at {@code host:port}, in this configuration's scheme. */
  public String url(String host, int port) {
    return tls.scheme() + "://" + host + ":" + port;
  }

  /** This instance's own base address. */
  public String url() {
    return url(host, port);
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
        + ", unmask=" + (unmaskToken().isPresent() ? "****" : "") + ", tls=" + tls + "]";
  }
}
