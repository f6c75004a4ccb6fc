package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.runtime.Provisioning;
import dev.riskgate.runtime.RiskgateApp;
import dev.riskgate.testing.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health/live, /health/ready and /metrics of a real app on a real broker and registry. */
class HttpEndpointsIT {
  @TempDir Path stateDir;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private RiskgateApp app;

  @AfterEach
  void stopApp() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void readyTurns200OnceRunningAndMetricsCarryKafkaStreamsAndJvmMeters() throws Exception {
    LocalStack stack = LocalStack.shared();
    String run = UUID.randomUUID().toString().substring(0, 8);
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), Map.of(
        "bootstrap.servers", stack.bootstrapServers(),
        "schema.registry.url", stack.registryUrl(),
        "application.id", "riskgate-http-it-" + run,
        "topic.prefix", "http-it-" + run + ".",
        "topic.partitions", "1",
        "state.dir", stateDir.toString(),
        "instance.id", "http-it",
        "http.port", "0",
        "rocksdb.memory.mb", "16"));
    Provisioning.ensure(config);
    app = new RiskgateApp(config);
    app.start();

    // every answer on the way up must agree with the state, and ready must come once RUNNING
    List<String> readyAnswers = new ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      HttpResponse<String> ready = get("/health/ready");
      readyAnswers.add(ready.statusCode() + " " + ready.body().trim());
      assertThat(get("/health/live").statusCode()).isEqualTo(200);
      return ready.statusCode() == 200;
    });
    assertThat(readyAnswers).allSatisfy(answer -> assertThat(answer).satisfiesAnyOf(
        a -> assertThat(a).isEqualTo("200 {\"status\":\"UP\",\"state\":\"RUNNING\"}"),
        a -> assertThat(a).startsWith("503 {\"status\":\"DOWN\"").doesNotContain("RUNNING")));
    assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
        "text/plain"));
    assertThat(metrics.body()).contains("kafka_stream_thread_process_total", "kafka_stream_alive_stream_threads",
        "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "instance_id=\"http-it\"",
        "riskgate_decisions_total", "riskgate_decision_latency_seconds_bucket", "riskgate_dead_letters_total");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
