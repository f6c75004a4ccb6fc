package dev.riskgate.cli;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.EffectiveSettings;
import dev.riskgate.config.RiskgateConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command shares: where the configuration comes from. */
final class ConfigOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Properties file (see docs/configuration.md). Environment variables RISKGATE_* and KAFKA_* "
          + "override it; --set overrides both.")
  Path file;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set bootstrap.servers=10.0.0.5:9092 or --set kafka.linger.ms=5")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT", description = "Kafka brokers.")
  String bootstrapServers;

  @Option(names = {"-r", "--registry-url"}, paramLabel = "URL", description = "Schema Registry URL.")
  String registryUrl;

  RiskgateConfig load() {
    return ConfigLoader.load(resolve());
  }

  /** Every setting with where its value came from, not yet validated. */
  EffectiveSettings resolve() {
    Map<String, String> flags = new LinkedHashMap<>(overrides);
    if (bootstrapServers != null) {
      flags.put("bootstrap.servers", bootstrapServers);
    }
    if (registryUrl != null) {
      flags.put("schema.registry.url", registryUrl);
    }
    return ConfigLoader.resolve(file, System.getenv(), flags);
  }
}
