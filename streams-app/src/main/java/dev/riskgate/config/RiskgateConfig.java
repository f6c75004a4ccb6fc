package dev.riskgate.config;

import dev.riskgate.registry.RegistryClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Effective configuration of one riskgate instance, validated. Built by {@link ConfigLoader} from a file, the
 * environment and flags; {@link #kafka()} holds the pass-through client properties (KAFKA_* and kafka.* keys).
 */
public record RiskgateConfig(
    String applicationId,
    String bootstrapServers,
    String schemaRegistryUrl,
    String topicPrefix,
    int topicPartitions,
    short topicReplicationFactor,
    String processingGuarantee,
    int streamThreads,
    Duration dedupeWindow,
    Duration profileIdleTtl,
    Duration maxFutureSkew,
    Duration maxEventAge,
    Path stateDir,
    String instanceId,
    Duration shutdownTimeout,
    int standbyReplicas,
    StreamFailurePolicy onStreamFailure,
    int rocksdbMemoryMb,
    HttpSettings http,
    Map<String, String> kafka,
    RegistryClientConfig registryClient) {

  /** Kafka Streams properties derived from this configuration. */
  public Properties streamsProperties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topicReplicationFactor);
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    // a renamed operator would silently orphan its state: make unnamed internal topics and stores a start-up error
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.putAll(kafka);
    return props;
  }
}
