package dev.riskgate.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plain http in front of the local registry that forwards every request unchanged, except the look-ups of schema ids
 * given a fault: the next N look-ups of such an id are answered with an HTTP status, or held unanswered until the client
 * gives up and asks again ({@link #TIMEOUT}), before the id is served again.
 */
final class RegistryFaultProxy implements AutoCloseable {
  /** A fault that holds the request unanswered until the client times out and asks again. */
  static final int TIMEOUT = -1;
  private static final String IDS = "/schemas/ids/";
  private final HttpServer server;
  private final URI target;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<Integer, Fault> faults = new ConcurrentHashMap<>();
  /** While set, every request is answered with this status (credentials refused everywhere). */
  private volatile int refuseAll;

  /** {@code held}: a request held by a TIMEOUT fault, released when the client asks for the id again (it gave up). */
  private record Fault(int status, AtomicInteger remaining, AtomicInteger injected,
      AtomicReference<CountDownLatch> held) {}

  /** {@code registryUrl} is the Confluent API URL of the real registry. */
  RegistryFaultProxy(String registryUrl) throws IOException {
    URI url = URI.create(registryUrl);
    this.target = URI.create(url.getScheme() + "://" + url.getAuthority());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/", this::forward);
    server.start();
  }

  /** The proxy's URL for the same API path as the registry's. */
  String url(String registryUrl) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + URI.create(registryUrl).getRawPath();
  }

  /** The next {@code times} look-ups of schema id {@code id} fail with {@code status} (or {@link #TIMEOUT}). */
  void fail(int id, int status, int times) {
    faults.put(id, new Fault(status, new AtomicInteger(times), new AtomicInteger(),
        new AtomicReference<>()));
  }

  /** Every request answered with {@code status} from now on; 0 to serve again. */
  void refuseAll(int status) {
    refuseAll = status;
  }

  /** How many look-ups of {@code id} were answered with its fault. */
  int injected(int id) {
    Fault fault = faults.get(id);
    return fault == null ? 0 : fault.injected().get();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (refuseAll != 0) {
        reply(exchange, refuseAll, "{\"error_code\":" + refuseAll + ",\"message\":\"injected\"}");
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      int at = path.indexOf(IDS);
      if (at >= 0) {
        String rest = path.substring(at + IDS.length());
        int end = rest.indexOf('/');
        Fault fault = faults.get(Integer.parseInt(end < 0 ? rest : rest.substring(0, end)));
        if (fault != null) {
          release(fault); // asked again: the client gave up on the request held before
        }
        if (fault != null && fault.remaining().getAndDecrement() > 0) {
          fault.injected().incrementAndGet();
          if (fault.status() == TIMEOUT) {
            CountDownLatch held = new CountDownLatch(1);
            fault.held().set(held);
            try {
              held.await(2, TimeUnit.MINUTES); // the bound only guards a test gone wrong
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return; // never answered
          }
          reply(exchange, fault.status(), "{\"error_code\":" + fault.status() + ",\"message\":\"injected\"}");
          return;
        }
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
          .timeout(Duration.ofSeconds(10))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(
              exchange.getRequestBody().readAllBytes()));
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      exchange.getResponseHeaders().set("Content-Type",
          response.headers().firstValue("Content-Type").orElse("application/json"));
      exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void release(Fault fault) {
    CountDownLatch held = fault.held().getAndSet(null);
    if (held != null) {
      held.countDown();
    }
  }

  @Override
  public void close() {
    faults.values().forEach(RegistryFaultProxy::release);
    server.stop(0);
  }
}
