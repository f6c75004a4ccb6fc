package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.runtime.Provisioning;
import dev.riskgate.runtime.RiskgateApp;
import dev.riskgate.schema.Transaction;
import dev.riskgate.testing.LocalStack;
import dev.riskgate.topics.Topic;
import dev.riskgate.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress watchdog on a real broker and registry: an instance whose tasks stop processing while Kafka Streams
 * stays RUNNING (here through {@link KafkaStreams#pause()}, the way the soak's stalled thread looked from outside)
 * turns /health/ready DOWN naming the stalled partitions and their tasks, and ready again once it processes.
 */
class StallWatchdogIT {
  @TempDir Path stateDir;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
  private RiskgateApp app;
  private SchemaRegistryClient registry;
  private KafkaProducer<byte[], byte[]> producer;

  @AfterEach
  void stop() throws Exception {
    traffic.shutdownNow();
    traffic.awaitTermination(10, TimeUnit.SECONDS);
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (app != null) {
      app.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void aRunningInstanceThatStopsProcessingIsReportedStalledAndUnreadyUntilItProcessesAgain() throws Exception {
    LocalStack stack = LocalStack.shared();
    String run = UUID.randomUUID().toString().substring(0, 8);
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), Map.of(
        "bootstrap.servers", stack.bootstrapServers(),
        "schema.registry.url", stack.registryUrl(),
        "application.id", "riskgate-stall-it-" + run,
        "topic.prefix", "stall-it-" + run + ".",
        "topic.partitions", "2",
        "state.dir", stateDir.toString(),
        "instance.id", "stall-it",
        "http.port", "0",
        "rocksdb.memory.mb", "16",
        "progress.stall.timeout", "PT10S"));
    Provisioning.ensure(config);
    app = new RiskgateApp(config);
    app.start();
    registry = SchemaRegistryClients.create(config.registryClient());
    Topic<String, Transaction> transactions = new Topics(config.topicPrefix(), registry).transactions();
    await().atMost(Duration.ofSeconds(60)).until(() -> get("/health/ready").statusCode() == 200);

    Map<String, Object> props = config.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(5, 40, 10, 0, 0, run));
    List<String> cards = generator.cardTokens();
    traffic.scheduleAtFixedRate(() -> cards.forEach(card -> {
      Transaction tx = generator.transactionFor(card, System.currentTimeMillis());
      producer.send(new ProducerRecord<>(transactions.name(), null, System.currentTimeMillis(),
          card.getBytes(StandardCharsets.UTF_8), transactions.valueSerde().serializer().serialize(transactions.name(),
          tx)));
    }), 0, 500, TimeUnit.MILLISECONDS);
    traffic.scheduleAtFixedRate(producer::flush, 250, 500, TimeUnit.MILLISECONDS);

    // both partitions screened and committed: from here on progress can be measured
    try (Admin admin = Admin.create(props)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> admin.listConsumerGroupOffsets(config.applicationId())
          .partitionsToOffsetAndMetadata().get().keySet().stream()
          .filter(tp -> tp.topic().equals(transactions.name())).count() == 2);
    }
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);

    app.streams().pause();

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(get("/health/ready")).satisfies(ready -> {
          assertThat(ready.statusCode()).isEqualTo(503);
          // the card side's tasks (the sub-topology number is Kafka Streams' own); the merchant side's may be stalled
          // too, with records of the hop waiting
          assertThat(ready.body()).contains("\"state\":\"RUNNING\"", "\"stalled\":[")
              .containsPattern(java.util.regex.Pattern.quote(transactions.name()) + "-0 \\(task [0-9]+_0\\)")
              .containsPattern(java.util.regex.Pattern.quote(transactions.name()) + "-1 \\(task [0-9]+_1\\)");
        }));
    assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").body())
        .containsPattern("riskgate_progress_stalled_partitions\\{[^}]*} [234]\\.0")
        .containsPattern("riskgate_progress_stalls_total\\{[^}]*} [234]\\.0");

    app.streams().resume();

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> get("/health/ready").statusCode() == 200);
    assertThat(get("/metrics").body()).containsPattern("riskgate_progress_stalled_partitions\\{[^}]*} 0\\.0");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
