package dev.riskgate.runtime;

import dev.riskgate.analyst.AnalystQueries;
import dev.riskgate.analyst.AnalystRoutes;
import dev.riskgate.topics.GrouplessConsumer;
import dev.riskgate.analyst.LiveDecisions;
import dev.riskgate.analyst.LiveOutcomes;
import dev.riskgate.analyst.LiveState;
import dev.riskgate.config.AppVersion;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.config.StreamFailurePolicy;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.runtime.http.HttpEndpoints;
import dev.riskgate.outcomes.OutcomeFigures;
import dev.riskgate.runtime.metrics.AppMetrics;
import dev.riskgate.runtime.metrics.ScreeningMeters;
import dev.riskgate.runtime.progress.ProgressWatchdog;
import dev.riskgate.screening.GlobalProgress;
import dev.riskgate.topics.Topics;
import dev.riskgate.topology.ScreeningTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the screening topology: starts Kafka Streams with bounded RocksDB memory, serves health, metrics and the analyst
 * routes over HTTP, stops cleanly on SIGTERM. Topics and schemas must exist: {@link Provisioning} makes sure of them.
 */
public final class RiskgateApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RiskgateApp.class);

  private final RiskgateConfig config;
  private final AppMetrics metrics;
  private final RocksDBMemory rocksDBMemory;
  private final SchemaRegistryClient registry;
  private final Topics topics;
  private final SafelyMeteredStreams streams;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  private HttpEndpoints http;
  private final LiveDecisions lastHour;
  private final ProgressWatchdog progress;
  private final GlobalProgress globalProgress = new GlobalProgress();
  private final OutcomeFigures outcomes;
  /** Null when outcomes.enabled is false. */
  private final OutcomeCounting outcomeCounting;
  private final DeadLetterWrites deadLetterWrites;
  private final RegistryAccessWatch registryAccess;

  public RiskgateApp(RiskgateConfig config) {
    this.config = config;
    this.registry = SchemaRegistryClients.create(config.registryClient());
    this.topics = new Topics(config.topicPrefix(), registry);
    this.metrics = new AppMetrics(config.instanceId());
    this.outcomes = new OutcomeFigures(metrics.registry());
    this.lastHour = new LiveDecisions(() -> GrouplessConsumer.create(config, config.instanceId() + "-live-decisions"),
        topics.decisions());
    this.rocksDBMemory = new RocksDBMemory(config.rocksdbMemoryMb());
    ScreeningMeters meters = new ScreeningMeters(metrics.registry());
    Topology topology = ScreeningTopology.build(config, topics, Rulesets.defaultRuleset(), meters, globalProgress);
    log.info("Topology:\n{}", topology.describe());
    this.deadLetterWrites = new DeadLetterWrites(topics.deadLetters().name(), System::currentTimeMillis);
    this.streams = new SafelyMeteredStreams(topology, streamsProperties(config, rocksDBMemory, deadLetterWrites));
    StreamFailurePolicy onFailure = config.onStreamFailure();
    // with replace-thread, a registry that does not answer pauses the instance instead of replacing threads in a loop;
    // the shutdown policies are chosen to have the orchestrator restart the instance, and get that
    this.registryAccess = new RegistryAccessWatch(streams, registry,
        dev.riskgate.serde.WireFormat.subject(topics.transactions().name(), false),
        onFailure == StreamFailurePolicy.REPLACE_THREAD);
    streams.setUncaughtExceptionHandler(e -> {
      if (registryAccess.pauseIfUnavailable(e)) {
        // registry refusing or unreachable: processing is paused until it answers; the new thread starts paused
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
      }
      deadLetterWrites.failedFatally(e); // unready with the reason; the new thread reads the record again
      // replace-thread (default): a transient failure (registry unreachable for a new schema, broker fenced us) is
      // retried by a fresh thread from the last commit; under exactly-once nothing is lost or emitted twice
      log.error("Stream thread failed; on.stream.failure={}: {}", onFailure.configValue(), onFailure.response(), e);
      return onFailure.response();
    });
    streams.setStateListener((now, before) -> {
      log.info("Kafka Streams state {} -> {}", before, now);
      if (now == KafkaStreams.State.ERROR) {
        stopped.countDown(); // runUntilStopped returns and the process exits non-zero, so it gets restarted
      }
    });
    metrics.bind(streams);
    this.outcomeCounting = config.outcomesEnabled()
        ? new OutcomeCounting(config, topics, registry, meters, outcomes, rocksDBMemory) : null;
    if (outcomeCounting != null) {
      metrics.bind(outcomeCounting.streams());
    }
    this.progress = ProgressWatchdog.of(config.progressStallTimeout(), streams, config.clientProperties(),
        config.applicationId(), metrics.registry());
  }

  /** The app's Streams settings plus the shared RocksDB memory budget, and who is told when a dead letter fails. */
  private static Properties streamsProperties(RiskgateConfig config, RocksDBMemory memory, DeadLetterWrites writes) {
    Properties props = config.streamsProperties();
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class);
    props.put(RocksDBMemory.CONFIG_KEY, memory);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterWrites.Handler.class);
    props.put(DeadLetterWrites.CONFIG_KEY, writes);
    applicationServer(config).ifPresent(server -> props.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
    return props;
  }

  /**
   * Where other instances reach this one for interactive queries: {@code kafka.application.server} when set, else the
   * HTTP address when it is a concrete one (not a wildcard, not a port picked at start).
   */
  static java.util.Optional<String> applicationServer(RiskgateConfig config) {
    String configured = config.kafka().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    if (configured != null && !configured.isBlank()) {
      return java.util.Optional.of(configured);
    }
    String host = config.http().host();
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::");
    return wildcard || config.http().port() == 0 ? java.util.Optional.empty()
        : java.util.Optional.of(host + ":" + config.http().port());
  }

  /** Every meter of this instance (Kafka Streams, JVM, screening); served on /metrics. */
  public MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  /** The port the HTTP endpoints listen on once started (the picked one for http.port=0). */
  public int httpPort() {
    if (http == null) {
      throw new IllegalStateException("HTTP endpoints are not started yet");
    }
    return http.port();
  }


  public KafkaStreams streams() {
    return streams;
  }

  /** Outcome counting's own Kafka Streams application, empty when outcome counting is off. */
  public Optional<KafkaStreams> outcomeStreams() {
    return Optional.ofNullable(outcomeCounting).map(OutcomeCounting::streams);
  }

  /** How far this instance has applied the topics behind its global stores (statuses, rulesets). */
  public GlobalProgress globalProgress() {
    return globalProgress;
  }

  public void start() {
    log.info("Starting riskgate {} as {} ({}), reading {}", AppVersion.get(), config.instanceId(),
        config.processingGuarantee(), config.bootstrapServers());
    // before Streams starts, so that liveness answers during the first rebalance and restore
    http = HttpEndpoints.start(config.http(), streams::state, progress::stalledPartitions, () -> {
      List<String> problems = new java.util.ArrayList<>(deadLetterWrites.problems());
      problems.addAll(registryAccess.problems());
      return problems;
    }, metrics);
    HostInfo self = applicationServer(config).map(HostInfo::buildFromEndpoint).orElse(null);
    LiveState live = new LiveState(streams, self, config.instanceId(), topics, config.http(), globalProgress,
        outcomeCounting == null ? null : new LiveOutcomes(outcomes, outcomeCounting.streams()),
        config.topicPartitions());
    http.serve(new AnalystRoutes(live, new AnalystQueries(config, topics, live), lastHour,
        config.http().unmaskToken()));
    streams.start();
    if (outcomeCounting != null) {
      outcomeCounting.start();
    }
    progress.start();
  }

  /**
   * Runs until SIGTERM/SIGINT, then closes within the configured timeout. Returns early, with an exception, when
   * Kafka Streams stops on its own (state ERROR, e.g. after on.stream.failure=shutdown-client).
   */
  public void runUntilStopped() throws InterruptedException {
    Thread hook = new Thread(() -> {
      log.info("Stop requested; closing within {}", config.shutdownTimeout());
      close();
      stopped.countDown();
    }, "riskgate-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    start();
    stopped.await();
    if (streams.state() == KafkaStreams.State.ERROR) {
      throw new IllegalStateException("Kafka Streams stopped after a stream failure (on.stream.failure="
          + config.onStreamFailure().configValue() + "); see the log above");
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    progress.close();
    registryAccess.close();
    // readiness turns 503 as soon as the state leaves RUNNING; the endpoints stay up until Streams has closed
    boolean clean = outcomeCounting == null || outcomeCounting.close(config.shutdownTimeout());
    clean &= streams.close(config.shutdownTimeout());
    if (http != null) {
      http.close();
    }
    lastHour.close();
    metrics.close();
    registry.close();
    if (clean) {
      // only once every store is closed: an open RocksDB would still use the shared cache
      rocksDBMemory.close();
    }
    if (clean) {
      log.info("riskgate stopped cleanly");
    } else {
      log.warn("riskgate did not stop within {}; state is recovered on the next start", config.shutdownTimeout());
    }
  }
}
