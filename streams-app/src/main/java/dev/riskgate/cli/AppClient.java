package dev.riskgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riskgate.analyst.RecordJson;
import dev.riskgate.config.HttpTls;
import dev.riskgate.config.RiskgateConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * GETs JSON from a running instance's analyst API, with the bearer token when one is configured. Over
 * {@link HttpURLConnection}, not java.net.http: that client's selector thread waits in a native call for as long as
 * the JVM runs, and the JVM's exit waits 300 ms for it.
 */
final class AppClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private AppClient() {}

  /** One per trust setting: a replay asks an instance many times while it waits for a status to apply. */
  private static final java.util.Map<HttpTls, SSLSocketFactory> TLS = new java.util.concurrent.ConcurrentHashMap<>();

  /** Trusting what the configuration's http.tls.truststore trusts (an instance serving https). */
  private static SSLSocketFactory tls(RiskgateConfig cfg) {
    return TLS.computeIfAbsent(cfg.http().tls(), tls -> tls.clientContext().getSocketFactory());
  }

  /** {@code {"partition":..,"offset":..}} of the transaction, or {@code {"error":..}}. */
  static JsonNode locate(String app, String transactionId, RiskgateConfig cfg) throws IOException {
    return get(app, "/api/index/transactions/" + URLEncoder.encode(transactionId, StandardCharsets.UTF_8), cfg);
  }

  static JsonNode get(String app, String path, RiskgateConfig cfg) throws IOException {
    String base = app.replaceAll("/+$", "");
    HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
    if (connection instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls(cfg));
    }
    connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
    connection.setReadTimeout((int) TIMEOUT.toMillis());
    connection.setInstanceFollowRedirects(false);
    cfg.http().bearerToken().ifPresent(t -> connection.setRequestProperty("Authorization", "Bearer " + t));
    int status;
    String body;
    try {
      status = connection.getResponseCode();
      InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
      try (InputStream stream = in) {
        body = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (ConnectException e) {
      throw new IOException("no riskgate app answers at " + base + " (start 'riskgate run', or point --app at an "
          + "instance)", e);
    }
    try {
      return RecordJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new IOException("unexpected answer from " + base + path + " (HTTP " + status + "): " + body, e);
    }
  }
}
