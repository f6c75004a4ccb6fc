package dev.riskgate.cli;

import dev.riskgate.config.InvalidConfigException;
import dev.riskgate.config.AppVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the riskgate command line. */
@Command(
    name = "riskgate",
    mixinStandardHelpOptions = true,
    versionProvider = RiskgateCli.Version.class,
    description = {
      "Kafka-native fraud and risk screening for card-present payments.",
      "Reads transactions, decides ALLOW / REVIEW / BLOCK with reason and ISO 8583 response codes,",
      "and writes one decision and one audit event per transaction."
    },
    subcommands = {RunCommand.class, ConfigCommand.class, GenerateCommand.class, WatchCommand.class,
      RulesCommand.class, DetectionReportCommand.class, InspectCommand.class, ExplainCommand.class, CardCommand.class,
      ReplayCommand.class, BacktestCommand.class, ResetCommand.class, DeadLettersCommand.class, LabelsCommand.class,
      CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
      "  riskgate run --config riskgate.properties",
      "  riskgate config --config riskgate.properties",
      "  riskgate generate --rate 500",
      "  riskgate watch",
      "  riskgate inspect decisions --from -15m --outcome BLOCK",
      "  riskgate explain tx_t5e6kp_6knhczy --around -20m",
      "  riskgate card tok_3kd93ma0d39m",
      "  riskgate rules publish my-rules.yaml"})
public final class RiskgateCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = HelpLayout.apply(new CommandLine(new RiskgateCli()));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof InvalidConfigException) {
        commandLine.getErr().println(e.getMessage());
        return 2;
      }
      commandLine.getErr().println("riskgate " + commandLine.getCommandName() + " failed: " + e.getMessage());
      org.slf4j.LoggerFactory.getLogger(RiskgateCli.class).debug("failure", e);
      return 1;
    });
    return cli;
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"riskgate " + AppVersion.get()};
    }
  }
}
