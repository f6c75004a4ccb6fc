package dev.riskgate.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * HTTPS with basic authentication in front of the local registry, as a production registry sits behind TLS and
 * credentials (Apicurio's own authentication needs an OIDC server). Forwards every authorised request unchanged.
 */
final class RegistryTlsProxy implements AutoCloseable {
  private final HttpsServer server;
  private final URI target;
  private final String expectedAuthorization;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger authorised = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  /** {@code registryUrl} is the plain-http Confluent API URL; {@code userInfo} is "user:password". */
  RegistryTlsProxy(String registryUrl, SSLContext tls, String userInfo) throws IOException {
    URI url = URI.create(registryUrl);
    this.target = URI.create(url.getScheme() + "://" + url.getAuthority());
    this.expectedAuthorization =
        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", this::forward);
    server.start();
  }

  /** The https URL of the same API path as the registry's. */
  String url(String registryUrl) {
    return "https://127.0.0.1:" + server.getAddress().getPort() + URI.create(registryUrl).getRawPath();
  }

  int authorisedRequests() {
    return authorised.get();
  }

  int refusedRequests() {
    return refused.get();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        refused.incrementAndGet();
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
        reply(exchange, 401, "application/json", "{\"error_code\":401,\"message\":\"Unauthorized\"}"
            .getBytes(StandardCharsets.UTF_8));
        return;
      }
      authorised.incrementAndGet();
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
          .timeout(Duration.ofSeconds(10))
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String header : new String[] {"Content-Type", "Accept"}) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          request.header(header, value);
        }
      }
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      reply(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"),
          response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
