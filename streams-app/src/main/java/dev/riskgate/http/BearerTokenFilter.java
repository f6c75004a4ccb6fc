package dev.riskgate.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Lets a request through only with {@code Authorization: Bearer <http.token>}. */
public final class BearerTokenFilter extends Filter {
  private static final String PREFIX = "Bearer ";
  private final byte[] expected;

  public BearerTokenFilter(String token) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    // constant-time comparison: the response time must not tell how much of a guessed token was right
    if (header != null && header.startsWith(PREFIX)
        && MessageDigest.isEqual(expected, header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8))) {
      chain.doFilter(exchange);
      return;
    }
    try (exchange) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"riskgate\"");
      Responses.send(exchange, 401, "application/json", "{\"error\":\"bearer token required\"}\n");
    }
  }

  @Override
  public String description() {
    return "Bearer token authentication";
  }
}
