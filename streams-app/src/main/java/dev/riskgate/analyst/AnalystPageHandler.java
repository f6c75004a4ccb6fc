package dev.riskgate.analyst;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.riskgate.http.Responses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The analyst page: one static HTML file with its script, calling {@code /api/}. */
final class AnalystPageHandler implements HttpHandler {
  static final String PATH = "/analyst";
  private static final String PAGE = load();

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (Responses.isGetOrHead(exchange)) {
        Responses.send(exchange, 200, "text/html; charset=utf-8", PAGE);
      }
    }
  }

  private static String load() {
    try (InputStream in = AnalystPageHandler.class.getResourceAsStream("/analyst/index.html")) {
      if (in == null) {
        throw new IllegalStateException("analyst/index.html is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
