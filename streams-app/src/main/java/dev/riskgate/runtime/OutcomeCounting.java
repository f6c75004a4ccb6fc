package dev.riskgate.runtime;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.config.StreamFailurePolicy;
import dev.riskgate.outcomes.OutcomeFigures;
import dev.riskgate.outcomes.OutcomeTopology;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.serde.WireFormat;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outcome counting beside screening in the same process, as a Kafka Streams application of its own (one thread, its
 * own consumer group and state): a backlog of audit events to count, a registry that does not answer for a label's
 * schema, or a failure of its thread never delays or stops a decision.
 */
final class OutcomeCounting {
  private static final Logger log = LoggerFactory.getLogger(OutcomeCounting.class);

  private final SafelyMeteredStreams streams;
  private final RegistryAccessWatch registryAccess;

  OutcomeCounting(RiskgateConfig config, Topics topics, SchemaRegistryClient registry, ScreeningRecorder recorder,
      OutcomeFigures figures, RocksDBMemory rocksDBMemory) {
    Properties props = config.outcomeStreamsProperties();
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class);
    props.put(RocksDBMemory.CONFIG_KEY, rocksDBMemory); // one memory budget for both applications' stores
    RiskgateApp.applicationServer(config)
        .ifPresent(server -> props.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
    this.streams = new SafelyMeteredStreams(OutcomeTopology.build(config, topics, recorder, figures), props);
    this.registryAccess = new RegistryAccessWatch(streams, registry,
        WireFormat.subject(topics.audit().name(), false), true);
    // a failure that is not the registry's: a fresh thread reads again from the last commit, unless the operator
    // chose to stop on failures; then counting stops, and screening goes on
    StreamThreadExceptionResponse onOtherFailure = config.onStreamFailure() == StreamFailurePolicy.REPLACE_THREAD
        ? StreamThreadExceptionResponse.REPLACE_THREAD : StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    streams.setUncaughtExceptionHandler(e -> {
      if (registryAccess.pauseIfUnavailable(e)) {
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
      log.error("Outcome counting thread failed; {} (decisions are not affected)", onOtherFailure, e);
      return onOtherFailure;
    });
    streams.setStateListener((now, before) -> {
      log.info("Outcome counting state {} -> {}", before, now);
      if (now == KafkaStreams.State.ERROR) {
        log.error("Outcome counting stopped: rule figures on /metrics and /api/rules/stats no longer move until the "
            + "instance restarts; decisions go on");
      }
    });
  }

  SafelyMeteredStreams streams() {
    return streams;
  }

  /** Why counting is paused, while the registry refuses or does not answer. */
  java.util.List<String> problems() {
    return registryAccess.problems();
  }

  void start() {
    streams.start();
  }

  /** Whether it closed within {@code timeout}. */
  boolean close(Duration timeout) {
    registryAccess.close();
    return streams.close(timeout);
  }
}
