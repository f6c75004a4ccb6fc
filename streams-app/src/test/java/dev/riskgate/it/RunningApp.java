package dev.riskgate.it;

import static org.awaitility.Awaitility.await;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.runtime.RiskgateApp;
import dev.riskgate.testing.LocalStack;
import dev.riskgate.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A riskgate instance on the shared local broker and registry, with topics and application id of its own so tests
 * never see each other's records; plus the clients a test needs around it.
 */
final class RunningApp implements AutoCloseable {
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
    LocalStack stack = LocalStack.shared();
    config = ConfigLoader.load(null, Map.of(), Map.of(
        "bootstrap.servers", stack.bootstrapServers(),
        "schema.registry.url", stack.registryUrl(),
        "application.id", "riskgate-it-" + run,
        "topic.prefix", "it-" + run + ".",
        "topic.partitions", String.valueOf(partitions),
        "state.dir", stateDir.toString(),
        "instance.id", instanceId,
        "http.port", String.valueOf(httpPort))); // 0, a free one: parallel builds must not collide on 8080
    registry = SchemaRegistryClients.create(config.registryClient());
    topics = new Topics(config.topicPrefix(), registry);
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
    return RiskgateApp.clientProperties(config);
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

  @Override
  public void close() {
    app.close();
    registry.close();
  }
}
