package dev.riskgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
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
  void variablesOfOtherToolsSharingThePrefixesAreNotSettings() {
    RiskgateConfig config = ConfigLoader.load(null, Map.of("RISKGATE_STACK_DIR", "/tmp/stack",
        "RISKGATE_LOG_LEVEL", "DEBUG", "KAFKA_PORT", "19092", "KAFKA_HEAP_OPTS", "-Xmx1g",
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
}
