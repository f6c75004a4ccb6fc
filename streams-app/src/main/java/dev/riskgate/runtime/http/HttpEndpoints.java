package dev.riskgate.runtime.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.riskgate.config.HttpSettings;
import dev.riskgate.http.BearerTokenFilter;
import dev.riskgate.http.Routes;
import dev.riskgate.runtime.metrics.AppMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three operational endpoints, on the JDK's own HTTP server (three GET handlers need no framework):
 * {@code /health/live}, {@code /health/ready} and {@code /metrics}. Health stays open to probes; /metrics requires
 * the bearer token whenever one is configured (start-up refuses a non-loopback bind without one).
 */
public final class HttpEndpoints implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);
  public static final String LIVE_PATH = "/health/live";
  public static final String READY_PATH = "/health/ready";
  public static final String METRICS_PATH = "/metrics";

  private final HttpServer server;
  private final ExecutorService executor;
  private final java.util.Optional<String> bearerToken;

  private HttpEndpoints(HttpServer server, ExecutorService executor, java.util.Optional<String> bearerToken) {
    this.server = server;
    this.executor = executor;
    this.bearerToken = bearerToken;
  }

  /** Binds and starts serving; throws when the address is taken or cannot be bound. */
  public static HttpEndpoints start(HttpSettings settings, Supplier<KafkaStreams.State> state, AppMetrics metrics) {
    return start(settings, state, List::of, metrics);
  }

  /** As above; readiness is also DOWN while {@code stalled} names input partitions that make no progress. */
  public static HttpEndpoints start(HttpSettings settings, Supplier<KafkaStreams.State> state,
      Supplier<List<String>> stalled, AppMetrics metrics) {
    return start(settings, state, stalled, List::of, metrics);
  }

  /** As above; readiness is also DOWN while {@code problems} says what keeps the instance from its work. */
  public static HttpEndpoints start(HttpSettings settings, Supplier<KafkaStreams.State> state,
      Supplier<List<String>> stalled, Supplier<List<String>> problems, AppMetrics metrics) {
    HttpServer server;
    try {
      InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
      if (settings.tls().enabled()) {
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(settings.tls().serverContext()));
        server = https;
      } else {
        server = HttpServer.create(address, 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve HTTP on " + settings.host() + ":" + settings.port()
          + " (http.host, http.port): " + e.getMessage(), e);
    }
    server.createContext(LIVE_PATH, new HealthHandler(state, stalled, problems, HealthHandler.Check.LIVE));
    server.createContext(READY_PATH, new HealthHandler(state, stalled, problems, HealthHandler.Check.READY));
    HttpContext metricsContext = server.createContext(METRICS_PATH, new MetricsHandler(metrics));
    settings.bearerToken().ifPresent(token -> metricsContext.getFilters().add(new BearerTokenFilter(token)));
    // four threads: a slow scrape or analyst query must not hold up a probe; daemon so a forgotten close never blocks JVM exit
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "riskgate-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    log.info("HTTP endpoints on {} ({}, {}, {}{})", settings.url(settings.host(), server.getAddress().getPort()),
        LIVE_PATH, READY_PATH, METRICS_PATH, settings.bearerToken().isPresent() ? " with bearer token" : "");
    return new HttpEndpoints(server, executor, settings.bearerToken());
  }

  /** Serves {@code routes} too, with this server's bearer token. */
  public void serve(Routes routes) {
    routes.register(server, bearerToken);
  }

  /** The bound port: the configured one, or the free one picked for http.port=0. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
