package dev.riskgate.runtime;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.screening.ScreeningTopology;
import dev.riskgate.topics.Topics;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the screening topology: provisions topics and schemas, starts Kafka Streams, stops cleanly on SIGTERM. */
public final class RiskgateApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RiskgateApp.class);

  private final RiskgateConfig config;
  private final SchemaRegistryClient registry;
  private final KafkaStreams streams;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  public RiskgateApp(RiskgateConfig config) {
    this.config = config;
    this.registry = SchemaRegistryClients.create(config.schemaRegistryUrl());
    Topics topics = new Topics(config.topicPrefix(), registry);
    try (Admin admin = Admin.create(adminProperties(config))) {
      TopicProvisioner.ensure(admin, topics, config.topicPartitions(), config.topicReplicationFactor());
    }
    SchemaProvisioner.registerAll(registry, topics);
    Topology topology = ScreeningTopology.build(config, topics);
    log.info("Topology:\n{}", topology.describe());
    this.streams = new KafkaStreams(topology, config.streamsProperties());
    streams.setUncaughtExceptionHandler(e -> {
      // a transient failure (registry unreachable for a new schema, broker fenced us) is retried by a fresh thread
      // from the last commit: under exactly-once nothing is lost or emitted twice
      log.error("Stream thread failed; replacing it and resuming from the last commit", e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> log.info("Kafka Streams state {} -> {}", before, now));
  }

  static Properties adminProperties(RiskgateConfig config) {
    Properties props = new Properties();
    props.putAll(clientProperties(config));
    return props;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public void start() {
    log.info("Starting riskgate {} as {} ({}), reading {}", AppVersion.get(), config.instanceId(),
        config.processingGuarantee(), config.bootstrapServers());
    streams.start();
  }

  /** Runs until SIGTERM/SIGINT, then closes within the configured timeout. */
  public void runUntilStopped() throws InterruptedException {
    Thread hook = new Thread(() -> {
      log.info("Stop requested; closing within {}", config.shutdownTimeout());
      close();
      stopped.countDown();
    }, "riskgate-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    start();
    stopped.await();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    boolean clean = streams.close(config.shutdownTimeout());
    registry.close();
    if (clean) {
      log.info("riskgate stopped cleanly");
    } else {
      log.warn("riskgate did not stop within {}; state is recovered on the next start", config.shutdownTimeout());
    }
  }

  /** Settings Kafka clients of the tools (producer, consumer) share with the app. */
  public static Map<String, Object> clientProperties(RiskgateConfig config) {
    Map<String, Object> props = new java.util.HashMap<>(config.kafka());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    return props;
  }
}
