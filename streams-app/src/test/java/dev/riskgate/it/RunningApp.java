package dev.riskgate.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riskgate.analyst.RecordJson;
import dev.riskgate.cli.AppProgressWait;
import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.runtime.Provisioning;
import dev.riskgate.runtime.RiskgateApp;
import dev.riskgate.testing.LocalStack;
import dev.riskgate.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A riskgate instance on the shared local broker and registry, with topics and application id of its own so tests
 * never see each other's records; plus the clients a test needs around it.
 */
final class RunningApp implements AutoCloseable {
  /**
   * For a test that restarts an instance: a stopped instance does not leave the group, so a short session lets the
   * restarted one in sooner than the 45 s default.
   */
  static final Map<String, String> SHORT_SESSION = Map.of("kafka.session.timeout.ms", "6000");
  final RiskgateConfig config;
  final Topics topics;
  final RiskgateApp app;
  private final SchemaRegistryClient registry;

  RunningApp(Path stateDir) {
    this(stateDir, UUID.randomUUID().toString().substring(0, 8), "it-instance", 0, 3);
  }

  /**
   * One of several instances of the same application ({@code run} names it): each on its own fixed HTTP port, which
   * becomes its {@code application.server} for interactive queries.
   */
  RunningApp(Path stateDir, String run, String instanceId, int httpPort, int partitions) {
    this(stateDir, run, instanceId, httpPort, partitions, Map.of());
  }

  /**
   * As above, with more settings, which win over the defaults ({@code kafka.session.timeout.ms} for a test that
   * restarts an instance, a registry URL behind a proxy).
   */
  RunningApp(Path stateDir, String run, String instanceId, int httpPort, int partitions, Map<String, String> more) {
    LocalStack stack = LocalStack.shared();
    Map<String, String> settings = new java.util.HashMap<>(Map.of(
        "bootstrap.servers", stack.bootstrapServers(),
        "schema.registry.url", stack.registryUrl(),
        "application.id", "riskgate-it-" + run,
        "topic.prefix", "it-" + run + ".",
        "topic.partitions", String.valueOf(partitions),
        "state.dir", stateDir.toString(),
        "instance.id", instanceId,
        "http.port", String.valueOf(httpPort))); // 0, a free one: parallel builds must not collide on 8080
    settings.putAll(more); // a test's own settings win (a registry behind a proxy, a short session)
    config = ConfigLoader.load(null, Map.of(), settings);
    registry = SchemaRegistryClients.create(config.registryClient());
    topics = new Topics(config.topicPrefix(), registry);
    Provisioning.ensure(config);
    app = new RiskgateApp(config);
    app.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
  }

  /** A port nothing listens on now, for an instance that must know its own address before it starts. */
  static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  Map<String, Object> clientProperties() {
    return config.clientProperties();
  }

  KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> props = clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Reads only what the application committed, as a downstream acquirer would. */
  KafkaConsumer<byte[], byte[]> committedReader() {
    Map<String, Object> props = clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Waits until the app reports (GET /api/progress) that every instance has applied everything written to
   * {@code topic} (a global store's: entity-status, risk-rules) so far: a fact, not a pause.
   */
  void awaitAppliedToEnd(String topic) {
    Map<TopicPartition, Long> ends;
    try (KafkaConsumer<byte[], byte[]> consumer = committedReader()) {
      ends = consumer.endOffsets(consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList());
    }
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
      JsonNode progress = getJson("/api/progress");
      return ends.entrySet().stream().allMatch(end -> end.getValue() == 0 || AppProgressWait.appliedEverywhere(
          progress, topic, end.getKey().partition(), end.getValue() - 1));
    });
  }

  /** A GET of this instance's HTTP API, as JSON. */
  JsonNode getJson(String path) throws Exception {
    return RecordJson.MAPPER.readTree(get(path, java.util.Map.of()).body());
  }

  /** A GET of this instance's HTTP API with {@code headers}, over https when the instance serves it. */
  HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
        .timeout(Duration.ofSeconds(15)).GET();
    headers.forEach(request::header);
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
        .sslContext(config.http().tls().clientContext()).build()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** This instance's base address, https when it serves it. */
  String url() {
    return config.http().url("127.0.0.1", app.httpPort());
  }

  @Override
  public void close() {
    app.close();
    registry.close();
    // a stop past shutdown.timeout leaves stream threads finishing: they would write into the state directory the
    // test removes next, so wait for them, and fail here, naming this test, if they never end
    List<KafkaStreams> clients = java.util.stream.Stream.concat(java.util.stream.Stream.of(app.streams()),
        app.outcomeStreams().stream()).toList();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> clients.stream().allMatch(client -> client.state() == KafkaStreams.State.NOT_RUNNING
            || client.state() == KafkaStreams.State.ERROR));
  }
}
