package dev.riskgate.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.riskgate.http.Responses;
import dev.riskgate.runtime.metrics.AppMetrics;
import java.io.IOException;

/** Prometheus scrape endpoint. */
final class MetricsHandler implements HttpHandler {
  // the classic text format every Prometheus version scrapes
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final AppMetrics metrics;

  MetricsHandler(AppMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (Responses.isGetOrHead(exchange)) {
        Responses.send(exchange, 200, CONTENT_TYPE, metrics.scrape());
      }
    }
  }
}
