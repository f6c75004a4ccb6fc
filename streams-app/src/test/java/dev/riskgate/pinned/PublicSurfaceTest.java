package dev.riskgate.pinned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.cli.RiskgateCli;
import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.outcomes.OutcomeFigures;
import dev.riskgate.outcomes.OutcomeTopology;
import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.runtime.metrics.AppMetrics;
import dev.riskgate.runtime.metrics.ScreeningMeters;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Outcome;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.topics.Topic;
import dev.riskgate.topics.Topics;
import dev.riskgate.topology.ScreeningTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What users, deployments and dashboards depend on, pinned to files under src/test/resources/pinned so that moving
 * code cannot change it unnoticed: the topology (node, store and repartition names: state and internal topics must
 * survive an upgrade), the topics and their settings, every command's help, the configuration keys with their
 * defaults, the metric names, the jar's main class. A deliberate change rewrites the files:
 * {@code mvn test -Dtest=PublicSurfaceTest -Dpinned.update=true}, and the diff is reviewed with the change.
 */
class PublicSurfaceTest {
  private static final Path PINNED = Path.of("src/test/resources/pinned");

  @Test
  void topologyNodesStoresAndInternalTopics() {
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), Map.of("schema.registry.url", "mock://pinned"));
    Topics topics = new Topics("", MockSchemaRegistryClient.forScope("pinned"));
    assertPinned("topology.txt", ScreeningTopology.build(config, topics).describe().toString());
    assertPinned("outcome-topology.txt", OutcomeTopology.build(config, topics, ScreeningRecorder.NONE,
        OutcomeFigures.unmetered()).describe().toString());
  }

  @Test
  void topicsAndTheirSettings() {
    RiskgateConfig config = ConfigLoader.load(null, Map.of(), Map.of("schema.registry.url", "mock://pinned"));
    Topics topics = new Topics("", MockSchemaRegistryClient.forScope("pinned"));
    StringBuilder out = new StringBuilder();
    for (Topic<?, ?> topic : topics.all()) {
      out.append(topic.name()).append(' ').append(new TreeMap<>(topic.settings())).append(' ')
          .append(topic.partitions().isPresent() ? topic.partitions().getAsInt() + " partitions"
              : config.topicPartitions() + " partitions (topic.partitions)").append('\n');
    }
    assertPinned("topics.txt", out.toString());
  }

  @Test
  void everyCommandsHelp() {
    StringBuilder out = new StringBuilder();
    help(RiskgateCli.commandLine(), out);
    assertPinned("cli-help.txt", out.toString());
  }

  @Test
  void configurationKeysAndDefaults() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(ConfigLoader.KEYS).forEach((key, spec) -> out.append(key).append('=').append(spec[0]).append('\n'));
    assertPinned("configuration-keys.txt", out.toString());
  }

  /** Every riskgate_ metric family the app exposes once each kind of event has happened. */
  @Test
  void metricNames() {
    try (AppMetrics metrics = new AppMetrics("pinned")) {
      ScreeningMeters meters = new ScreeningMeters(metrics.registry());
      meters.decided(Decision.newBuilder().setTransactionId("tx_1").setCardToken("tok_1").setOutcome(Outcome.BLOCK)
          .setResponseCode("59").setRetryable(false).setReasons(List.of(dev.riskgate.schema.ReasonCode.BIN_ATTACK))
          .setScore(90).setRulesetVersion("v").setEventTime(Instant.EPOCH).setDecidedAt(Instant.EPOCH)
          .setRetry(false).build(), 0, 1);
      meters.deadLettered(ErrorKind.UNDECODABLE);
      meters.lateTransaction();
      meters.silentUpstream();
      meters.rulesetRefused();
      meters.lateStatusChange();
      TreeSet<String> families = new TreeSet<>();
      Matcher m = Pattern.compile("(?m)^# TYPE (riskgate_\\S+) (\\S+)$").matcher(metrics.scrape());
      while (m.find()) {
        families.add(m.group(1) + " " + m.group(2));
      }
      assertPinned("metrics.txt", String.join("\n", families) + "\n");
    }
  }

  @Test
  void theJarsMainClassAndTheScriptsEntryPoints() throws Exception {
    assertThat(RiskgateCli.class.getName()).isEqualTo("dev.riskgate.cli.RiskgateCli");
    assertThat(RiskgateCli.class.getMethod("main", String[].class)).isNotNull();
    assertThat(Files.readString(Path.of("pom.xml"))).contains("<mainClass>dev.riskgate.cli.RiskgateCli</mainClass>");
    List<String> scripts = new ArrayList<>();
    for (String script : List.of("demo", "test", "stack", "soak", "riskgate", "bench/run", "bench/backtest")) {
      Path file = Path.of("..", "scripts", script);
      assertThat(file).as(script).isExecutable();
      scripts.add(script);
    }
    assertThat(scripts).hasSize(7);
  }

  private static void help(CommandLine command, StringBuilder out) {
    out.append("===== ").append(command.getCommandSpec().qualifiedName()).append('\n')
        .append(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
    for (CommandLine sub : command.getSubcommands().values()) {
      if (sub.getParent() == command && !sub.getCommandName().equals("help")) {
        help(sub, out);
      }
    }
  }

  private static void assertPinned(String name, String actual) {
    Path file = PINNED.resolve(name);
    try {
      if (Boolean.getBoolean("pinned.update") || !Files.exists(file)) {
        Files.createDirectories(PINNED);
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        assertThat(Boolean.getBoolean("pinned.update")).as(file + " was missing and has been written: commit it")
            .isTrue();
      }
      assertThat(actual).as("%s (a deliberate change: -Dpinned.update=true, and review the diff)", file)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
