package dev.riskgate.cli;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.runtime.Provisioning;
import dev.riskgate.runtime.RiskgateApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
      "Run the screening pipeline until SIGTERM or Ctrl-C.",
      "Creates missing topics (entity-status compacted), registers the Avro schemas, logs the topology,",
      "then screens every record of 'transactions' into 'decisions' and 'audit' (invalid records to",
      "'transactions-dead-letter'), exactly once by default."
    },
    footer = {"", "Example:", "  RISKGATE_BOOTSTRAP_SERVERS=kafka:9092 riskgate run --config riskgate.properties"})
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws Exception {
    RiskgateConfig settings = config.load();
    Provisioning.ensure(settings);
    try (RiskgateApp app = new RiskgateApp(settings)) {
      app.runUntilStopped();
    }
    return 0;
  }
}
