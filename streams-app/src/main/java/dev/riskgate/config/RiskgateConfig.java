package dev.riskgate.config;

import dev.riskgate.privacy.SecretMasking;
import dev.riskgate.privacy.TokenRanges;
import dev.riskgate.registry.RegistryClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
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
    TokenRanges tokenRanges,
    Path stateDir,
    String instanceId,
    Duration shutdownTimeout,
    int standbyReplicas,
    StreamFailurePolicy onStreamFailure,
    int rocksdbMemoryMb,
    Duration progressStallTimeout,
    HttpSettings http,
    Map<String, String> kafka,
    RegistryClientConfig registryClient,
    boolean outcomesEnabled,
    Duration outcomesHorizon) {

  /**
   * Client settings riskgate changes from Kafka's defaults, each measured in docs/benchmarks.md; any of them can be
   * overridden with {@code kafka.<name>}. Every task reads one partition, so waiting for other partitions of the task
   * (max.task.idle.ms) has nothing to wait for, only a per-loop cost. Audit events are ~2.4 KB of repetitive names:
   * lz4 and larger batches cut the bytes and requests the broker handles per transaction.
   */
  public static final Map<String, Object> THROUGHPUT_DEFAULTS = Map.of(
      StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED,
      ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
      ProducerConfig.BATCH_SIZE_CONFIG, 131_072);

  /**
   * Producer linger under at_least_once, which is chosen for latency: Kafka Streams' 100 ms held a decision ~50 ms on
   * average in the producer; 20 ms halved the median at 1,000 and 5,000 tx/s (docs/benchmarks.md, 2026-11-26). Under
   * exactly_once_v2 every commit flushes the producer anyway, and a shorter linger only cost throughput there.
   */
  public static final int AT_LEAST_ONCE_LINGER_MS = 20;

  /**
   * Commit interval under exactly_once_v2, where a decision is visible to read_committed consumers only once its
   * transaction commits, and each commit costs a transaction, a marker and a flush for every partition it wrote (~46 per
   * stream thread). Against 20 ms, in two alternating pairs (docs/benchmarks.md, 2026-12-07): drains +26-28%, app and
   * broker CPU per transaction at 1,000 tx/s a fifth lower, 5,000 tx/s on two cores no longer queued in one pair of
   * two (p99 321 against 979 ms), for 0-23 ms more median and 4-10 ms more p99 at 1,000 tx/s. Kafka Streams' 100 ms
   * doubled the median at 1,000 tx/s.
   */
  public static final int EXACTLY_ONCE_COMMIT_INTERVAL_MS = 50;

  /** Kafka Streams properties derived from this configuration. */
  /**
   * The largest record riskgate's producers send ({@code kafka.max.request.size} or {@code
   * kafka.producer.max.request.size}, else the producer's default): the bound a dead letter is cut to fit.
   */
  public int maxRequestBytes() {
    for (String key : new String[] {"producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG}) {
      String value = kafka.get(key);
      if (value != null && !value.isBlank()) {
        try {
          return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
          return DEFAULT_MAX_REQUEST_BYTES; // Kafka's own config check refuses it when the clients start
        }
      }
    }
    return DEFAULT_MAX_REQUEST_BYTES;
  }

  /** Kafka's producer default for max.request.size. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1_048_576;
  private static final String OUTCOMES_SUFFIX = ".outcomes";
  private static final int OUTCOMES_COMMIT_INTERVAL_MS = 1_000;

  /**
   * What every Kafka client riskgate makes (admin, producers, consumers of the tools) is given: the pass-through
   * client properties (security, timeouts) and the bootstrap servers. A fresh, mutable map.
   */
  public java.util.Map<String, Object> clientProperties() {
    java.util.Map<String, Object> props = new java.util.HashMap<>(kafka());
    props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

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
    props.putAll(THROUGHPUT_DEFAULTS);
    if (StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee)) {
      props.put(ProducerConfig.LINGER_MS_CONFIG, AT_LEAST_ONCE_LINGER_MS);
    } else {
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, EXACTLY_ONCE_COMMIT_INTERVAL_MS);
      // a store keeps what no commit has made final apart and records its own changelog offsets. Without that,
      // Kafka Streams (4.4) takes a task whose directory holds data but no checkpoint for corrupted when assigned;
      // handled during a rebalance, that aborts the thread's open transaction, healthy tasks' output included, and
      // those tasks go on past the input they had read: transactions screened but never decided (a kill -9 and a
      // restart in the fault test, docs/reliability.md)
      props.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, true);
    }
    props.putAll(kafka);
    return props;
  }

  /**
   * The Kafka Streams settings of outcome counting, which runs as an application of its own ({@code
   * <application.id>.outcomes}: its own consumer group, internal topics and state directory) with one stream thread,
   * so that reading the audit topic back never delays a decision. A dot, not a dash, after the application id: Kafka's
   * reset tool takes every {@code <application.id>-...-changelog} for the screening application's own and deletes it.
   */
  public Properties outcomeStreamsProperties() {
    Properties props = streamsProperties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, outcomesApplicationId());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // no one waits on a count: a commit a second instead of screening's 20 ms spares the broker fifty transactions a
    // second and lets the cache fold a rule's counts over a second of decisions
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, OUTCOMES_COMMIT_INTERVAL_MS);
    String clientId = kafka.get(StreamsConfig.CLIENT_ID_CONFIG);
    if (clientId != null && !clientId.isBlank()) {
      props.put(StreamsConfig.CLIENT_ID_CONFIG, clientId + OUTCOMES_SUFFIX); // its clients and meters apart
    }
    return props;
  }

  /** The application id (consumer group, internal topic prefix) outcome counting runs under. */
  public String outcomesApplicationId() {
    return applicationId + OUTCOMES_SUFFIX;
  }

  /** As a record prints itself, with the Kafka client settings' secrets (JAAS configs, passwords) masked. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("RiskgateConfig[");
    for (java.lang.reflect.RecordComponent component : RiskgateConfig.class.getRecordComponents()) {
      Object value;
      try {
        value = component.getAccessor().invoke(this);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (value == kafka) {
        Map<String, String> shown = new java.util.TreeMap<>();
        kafka.forEach((key, v) -> shown.put(key, SecretMasking.displayValue(key, v)));
        value = shown;
      }
      out.append(out.length() > "RiskgateConfig[".length() ? ", " : "").append(component.getName()).append('=')
          .append(value);
    }
    return out.append(']').toString();
  }
}
