package dev.riskgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsAreExactlyOnceWithExplicitNamingEnforced() {
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(config.processingGuarantee()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(config.streamsProperties())
        .containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "riskgate");
  }

  @Test
  void atLeastOnceLingersLessUnlessTold() {
    assertThat(ConfigLoader.load(null, Map.of(), Map.of()).streamsProperties())
        .doesNotContainKey(ProducerConfig.LINGER_MS_CONFIG);
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("processing.guarantee", "at_least_once")).streamsProperties())
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, RiskgateConfig.AT_LEAST_ONCE_LINGER_MS);
    assertThat(ConfigLoader.load(null, Map.of(),
        Map.of("processing.guarantee", "at_least_once", "kafka.linger.ms", "100")).streamsProperties())
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "100");
    // what Kafka Streams hands its producers: ours over its 100 ms, and a producer-prefixed setting over ours
    assertThat(producerLinger(Map.of("processing.guarantee", "at_least_once"))).isEqualTo("20");
    assertThat(producerLinger(Map.of("processing.guarantee", "at_least_once", "kafka.producer.linger.ms", "100")))
        .isEqualTo("100");
    assertThat(producerLinger(Map.of())).isEqualTo("100");
  }

  @Test
  void exactlyOnceCommitsOftenerUnlessTold() {
    assertThat(commitInterval(Map.of())).isEqualTo((long) RiskgateConfig.EXACTLY_ONCE_COMMIT_INTERVAL_MS);
    assertThat(commitInterval(Map.of("kafka.commit.interval.ms", "100"))).isEqualTo(100L);
    // at_least_once keeps Kafka Streams' 30 s: its latency is set by the producer's linger, not by commits
    assertThat(commitInterval(Map.of("processing.guarantee", "at_least_once"))).isEqualTo(30_000L);
  }

  @Test
  void outcomeCountingRunsApartUnderItsOwnIdOneThreadAndCommitsEverySecond() {
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), Map.of("application.id", "acq", "num.stream.threads",
        "2", "kafka.client.id", "acq-pod-1"));
    StreamsConfig outcomes = new StreamsConfig(config.outcomeStreamsProperties());
    // a dot, not a dash: Kafka's reset tool deletes every "acq-...-changelog" as the screening application's
    assertThat(outcomes.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("acq.outcomes");
    assertThat(outcomes.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(1);
    assertThat(outcomes.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1_000L);
    assertThat(outcomes.getString(StreamsConfig.CLIENT_ID_CONFIG)).isEqualTo("acq-pod-1.outcomes");
    assertThat(outcomes.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(config.streamsProperties()).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "acq");
  }

  private static long commitInterval(Map<String, String> flags) {
    return new StreamsConfig(ConfigLoader.load(null, Map.of(), flags).streamsProperties())
        .getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
  }

  /** As text: Kafka Streams keeps its own default as a String, ours as a number, a user's as given. */
  private static String producerLinger(Map<String, String> flags) {
    return String.valueOf(new StreamsConfig(ConfigLoader.load(null, Map.of(), flags).streamsProperties())
        .getProducerConfigs("client").get(ProducerConfig.LINGER_MS_CONFIG));
  }

  @Test
  void fileThenEnvironmentThenFlagsLaterWins() throws Exception {
    Path file = dir.resolve("riskgate.properties");
    Files.writeString(file, "dedupe.window=PT2H\ntopic.prefix=file.\napplication.id=from-file\nkafka.linger.ms=7\n");
    RiskgateConfig config = ConfigLoader.load(file,
        Map.of("RISKGATE_TOPIC_PREFIX", "env.", "RISKGATE_APPLICATION_ID", "from-env", "KAFKA_LINGER_MS", "9",
            "HOME", "/root"),
        Map.of("application.id", "from-flag"));
    assertThat(config.dedupeWindow()).isEqualTo(Duration.ofHours(2));
    assertThat(config.topicPrefix()).isEqualTo("env.");
    assertThat(config.applicationId()).isEqualTo("from-flag");
    assertThat(config.kafka()).containsEntry("linger.ms", "9");
    assertThat(config.streamsProperties()).containsEntry("linger.ms", "9");
  }

  @Test
  void aKafkaNameOfASettingRiskgateOwnsSetsRiskgatesOwn() throws Exception {
    // scripts/stack up prints KAFKA_BOOTSTRAP_SERVERS=...; exported, it must reach every client, not Streams' only
    Path file = dir.resolve("riskgate.properties");
    Files.writeString(file, "bootstrap.servers=from-file:9092\n");
    EffectiveSettings settings = ConfigLoader.resolve(file,
        Map.of("KAFKA_BOOTSTRAP_SERVERS", "from-env:9092"), Map.of("kafka.processing.guarantee", "at_least_once"));
    assertThat(settings.values()).containsEntry("bootstrap.servers", "from-env:9092")
        .doesNotContainKeys("kafka.bootstrap.servers", "kafka.processing.guarantee");
    assertThat(settings.sources()).containsEntry("bootstrap.servers", EffectiveSettings.Source.ENV)
        .containsEntry("processing.guarantee", EffectiveSettings.Source.FLAG);
    RiskgateConfig config = ConfigLoader.load(settings);
    assertThat(config.bootstrapServers()).isEqualTo("from-env:9092");
    assertThat(config.processingGuarantee()).isEqualTo(StreamsConfig.AT_LEAST_ONCE);
    assertThat(config.kafka()).isEmpty();
    assertThat(config.streamsProperties())
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "from-env:9092")
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, RiskgateConfig.AT_LEAST_ONCE_LINGER_MS);
  }

  @Test
  void bothNamesOfOneSettingInOneSourceMustAgree() {
    assertThat(ConfigLoader.load(null, Map.of("KAFKA_BOOTSTRAP_SERVERS", "a:9092", "RISKGATE_BOOTSTRAP_SERVERS",
        "a:9092"), Map.of()).bootstrapServers()).isEqualTo("a:9092");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("KAFKA_BOOTSTRAP_SERVERS", "a:9092",
        "RISKGATE_BOOTSTRAP_SERVERS", "b:9092"), Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).containsExactly(
            "bootstrap.servers: set twice (env), as bootstrap.servers='b:9092' and as kafka.bootstrap.servers='a:9092'"
                + " (KAFKA_* variables are kafka.* settings); riskgate gives bootstrap.servers to every Kafka client"
                + " it makes, set it once"));
  }

  @Test
  void variablesOfOtherToolsSharingThePrefixesAreNotSettings() {
    RiskgateConfig config = ConfigLoader.load(null, Map.of("RISKGATE_STACK_DIR", "/tmp/stack",
        "RISKGATE_LOG_LEVEL", "DEBUG", "RISKGATE_JAR", "/tmp/riskgate.jar", "RISKGATE_JAVA_OPTS", "-Xmx1g",
        "KAFKA_PORT", "19092", "KAFKA_HEAP_OPTS", "-Xmx1g",
        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL"), Map.of());
    assertThat(config.kafka()).containsOnly(Map.entry("security.protocol", "SASL_SSL"));
  }

  @Test
  void reportsEveryProblemOneLineEach() {
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/riskgate.properties"), Map.of(),
        Map.of("processing.guarantee", "exactly_once", "topic.partitions", "zero", "dedupe.window", "1h",
            "dedupe.windw", "PT1H")))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(5)
            .anySatisfy(p -> assertThat(p).startsWith("config file /nonexistent/riskgate.properties"))
            .anySatisfy(p -> assertThat(p).startsWith("processing.guarantee: 'exactly_once'"))
            .anySatisfy(p -> assertThat(p).startsWith("topic.partitions: 'zero' is not a positive integer"))
            .anySatisfy(p -> assertThat(p).startsWith("dedupe.window: '1h' is not a positive ISO-8601 duration"))
            .anySatisfy(p -> assertThat(p).startsWith("dedupe.windw: unknown setting")));
  }
  @Test
  void operationsDefaultsAreLoopbackHttpOnPort8080NoStandbysReplaceThreadAnd256MbRocksDB() {
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(config.http().host()).isEqualTo("127.0.0.1");
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().bearerToken()).isEmpty();
    assertThat(config.standbyReplicas()).isZero();
    assertThat(config.onStreamFailure()).isEqualTo(StreamFailurePolicy.REPLACE_THREAD);
    assertThat(config.rocksdbMemoryMb()).isEqualTo(256);
    assertThat(config.progressStallTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.streamsProperties()).containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
  }

  @Test
  void aTrustStoreThatCannotBeOpenedIsRefusedByEveryCommand(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    assertThat(ConfigLoader.load(null, Map.of(), Map.of()).http().url()).isEqualTo("http://127.0.0.1:8080");
    java.nio.file.Path notAStore = java.nio.file.Files.writeString(dir.resolve("store.p12"), "not a key store");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("http.tls.truststore", notAStore.toString())))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).singleElement().asString()
            .startsWith("http.tls.truststore '" + notAStore + "' cannot be used"));
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("http.tls.keystore", dir.resolve("missing.p12").toString()))
        .http().url()).as("the server's key store is opened by the endpoints, not by every command")
        .startsWith("https://");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("http.tls.keystore.password", "pw")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("http.tls.keystore is not");
  }

  @Test
  void aStallTimeoutShorterThanTenSecondsIsRefusedBecauseCommitsAreNotThatFrequent() {
    assertThat(ConfigLoader.load(null, Map.of("RISKGATE_PROGRESS_STALL_TIMEOUT", "PT2M"), Map.of())
        .progressStallTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("progress.stall.timeout", "PT5S")))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).containsExactly(
            "progress.stall.timeout: 'PT5S' is shorter than PT10S; an ordinary pause between commits would read as a "
                + "stall"));
  }

  @Test
  void environmentSetsOperationsSettings() {
    RiskgateConfig config = ConfigLoader.load(null, Map.of("RISKGATE_HTTP_HOST", "0.0.0.0", "RISKGATE_HTTP_PORT", "0",
        "RISKGATE_HTTP_TOKEN", "s3cret", "RISKGATE_NUM_STANDBY_REPLICAS", "1",
        "RISKGATE_ON_STREAM_FAILURE", "shutdown-application", "RISKGATE_ROCKSDB_MEMORY_MB", "64"), Map.of());
    assertThat(config.http().port()).isZero();
    assertThat(config.http().bearerToken()).contains("s3cret");
    assertThat(config.onStreamFailure().response())
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_APPLICATION);
    assertThat(config.streamsProperties()).containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
    assertThat(config.rocksdbMemoryMb()).isEqualTo(64);
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void refusesANonLoopbackBindWithoutToken() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("http.host", "0.0.0.0")))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).containsExactly(
            "http.host: '0.0.0.0' is reachable from other machines, so /metrics needs a token: set http.token "
                + "(RISKGATE_HTTP_TOKEN) or bind to 127.0.0.1"));
  }

  @Test
  void reportsEveryOperationsProblemOneLineEach() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("http.port", "65536",
        "num.standby.replicas", "-1", "on.stream.failure", "restart", "rocksdb.memory.mb", "0")))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).containsExactlyInAnyOrder(
            "http.port: '65536' is not a port number (0-65535; 0 picks a free one)",
            "num.standby.replicas: '-1' is not a non-negative integer",
            "on.stream.failure: 'restart' is not one of replace-thread | shutdown-client | shutdown-application",
            "rocksdb.memory.mb: '0' is not a positive integer"));
  }

  @Test
  void printsWithoutSecrets() {
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), Map.of(
        "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" "
            + "password=\"s3cr3t-jaas\";",
        "kafka.ssl.truststore.password", "s3cr3t-store", "http.token", "s3cr3t-token", "kafka.linger.ms", "7"));

    assertThat(config.toString()).doesNotContain("s3cr3t").contains("linger.ms=7", "sasl.jaas.config=********",
        "bootstrapServers=");
  }
}
