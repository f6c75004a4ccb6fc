package dev.riskgate.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.config.HttpSettings;
import dev.riskgate.runtime.metrics.AppMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoints against a state we control; HttpEndpointsIT runs them on a real app. */
class HttpEndpointsTest {
  private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
  private final AppMetrics metrics = new AppMetrics("unit");
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpEndpoints endpoints;

  @AfterEach
  void stop() {
    if (endpoints != null) {
      endpoints.close();
    }
    metrics.close();
  }

  @Test
  void livenessFailsOnlyInErrorAndNotRunningSoARebalanceNeverRestartsAPod() {
    assertThat(EnumSet.allOf(State.class).stream().filter(s -> !HealthHandler.isLive(s)))
        .containsExactlyInAnyOrder(State.ERROR, State.NOT_RUNNING);
    assertThat(HealthHandler.isLive(State.REBALANCING)).isTrue();
  }

  @Test
  void readinessIsRunningOnly() {
    assertThat(EnumSet.allOf(State.class).stream().filter(HealthHandler::isReady)).containsExactly(State.RUNNING);
  }

  @Test
  void healthAnswersWithTheStateAsJson() throws Exception {
    endpoints = HttpEndpoints.start(new HttpSettings("127.0.0.1", 0, ""), state::get, metrics);

    state.set(State.REBALANCING);
    assertThat(get("/health/live", null)).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\"status\":\"UP\",\"state\":\"REBALANCING\"}\n");
      assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    });
    assertThat(get("/health/ready", null)).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).isEqualTo("{\"status\":\"DOWN\",\"state\":\"REBALANCING\"}\n");
    });

    state.set(State.RUNNING);
    assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);

    state.set(State.ERROR);
    assertThat(get("/health/live", null).statusCode()).isEqualTo(503);
  }

  @Test
  void readinessIsDownWhileAnInputPartitionMakesNoProgressEvenWhenRunning() throws Exception {
    AtomicReference<List<String>> stalled = new AtomicReference<>(List.of("transactions-1 (task 0_1)"));
    endpoints = HttpEndpoints.start(new HttpSettings("127.0.0.1", 0, ""), state::get, stalled::get, metrics);
    state.set(State.RUNNING);

    assertThat(get("/health/ready", null)).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body())
          .isEqualTo("{\"status\":\"DOWN\",\"state\":\"RUNNING\",\"stalled\":[\"transactions-1 (task 0_1)\"]}\n");
    });
    assertThat(get("/health/live", null).statusCode()).isEqualTo(200);

    stalled.set(List.of());
    assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aConfiguredTokenGuardsMetricsButNotHealth() throws Exception {
    endpoints = HttpEndpoints.start(new HttpSettings("127.0.0.1", 0, "t0ken"), state::get, metrics);
    state.set(State.RUNNING);

    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "t0ken").statusCode()).isEqualTo(401);
    HttpResponse<String> scrape = get("/metrics", "Bearer t0ken");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "instance_id=\"unit\"");
    assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
    assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void refusesWritesAndUnknownPaths() throws Exception {
    endpoints = HttpEndpoints.start(new HttpSettings("127.0.0.1", 0, ""), state::get, metrics);
    HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("/health/live"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(get("/admin", null).statusCode()).isEqualTo(404);
  }

  @Test
  void aKeyStoreThatCannotBeOpenedStopsTheStartWithTheReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path store = java.nio.file.Files.writeString(dir.resolve("server.p12"), "not a key store");
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, "", "",
        new dev.riskgate.config.HttpTls(store.toString(), "pw", "", ""));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpEndpoints.start(settings, state::get, metrics))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("http.tls.keystore '" + store + "'");
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + endpoints.port() + path);
  }
}
