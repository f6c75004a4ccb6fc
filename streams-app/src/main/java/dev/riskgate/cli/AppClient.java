package dev.riskgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riskgate.analyst.RecordJson;
import dev.riskgate.config.HttpTls;
import dev.riskgate.config.RiskgateConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** GETs JSON from a running instance's analyst API, with the bearer token when one is configured. */
final class AppClient {
  private AppClient() {}

  /** One client per trust setting: a replay asks an instance many times while it waits for a status to apply. */
  private static final java.util.Map<HttpTls, HttpClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

  /** A client trusting what the configuration's http.tls.truststore trusts (an instance serving https). */
  private static HttpClient client(RiskgateConfig cfg) {
    return CLIENTS.computeIfAbsent(cfg.http().tls(), tls -> HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5)).sslContext(tls.clientContext()).build());
  }

  /** {@code {"partition":..,"offset":..}} of the transaction, or {@code {"error":..}}. */
  static JsonNode locate(String app, String transactionId, RiskgateConfig cfg)
      throws IOException, InterruptedException {
    return get(app, "/api/index/transactions/" + URLEncoder.encode(transactionId, StandardCharsets.UTF_8), cfg);
  }

  static JsonNode get(String app, String path, RiskgateConfig cfg) throws IOException, InterruptedException {
    String base = app.replaceAll("/+$", "");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15)).GET();
    cfg.http().bearerToken().ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<String> response;
    try {
      response = client(cfg).send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException("no riskgate app answers at " + base + " (start 'riskgate run', or point --app at an "
          + "instance)", e);
    }
    try {
      return RecordJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IOException("unexpected answer from " + base + path + " (HTTP " + response.statusCode() + "): "
          + response.body(), e);
    }
  }
}
