package dev.riskgate.cli;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.EffectiveSettings;
import dev.riskgate.privacy.SecretMasking;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = {
      "Print the effective configuration that 'riskgate run' with the same options",
      "would use, and check it. Nothing here contacts Kafka or the registry.",
      "",
      "Each line is 'key = value  (source)'; the source is the layer that set the",
      "value, later layers win:",
      "  default  built into riskgate (docs/configuration.md lists every key)",
      "  file     the properties file given with --config",
      "  env      RISKGATE_HTTP_PORT sets http.port, KAFKA_LINGER_MS kafka.linger.ms",
      "  flag     --set key=value, -b, -r on this command line",
      "Secrets print as " + SecretMasking.MASK + ": keys with password, secret, token,",
      "sasl.jaas.config, ssl.*.password or basic.auth in their name.",
      "",
      "Exit code 0 when the configuration is valid; 2 with one line per problem",
      "when it is not: the same check 'riskgate run' does before it starts."
    },
    footer = {"", "Examples:",
      "  riskgate config --config riskgate.properties",
      "  RISKGATE_HTTP_HOST=0.0.0.0 riskgate config   # exit 2: needs http.token",
      "  riskgate config -c prod.properties --set num.standby.replicas=1"})
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    EffectiveSettings settings = config.resolve();
    ConfigLoader.load(settings); // throws InvalidConfigException: the CLI prints one line per problem, exit 2
    print(settings, spec.commandLine().getOut());
    return 0;
  }

  /** One line per setting, in key order, secrets masked. */
  static void print(EffectiveSettings settings, PrintWriter out) {
    settings.values().keySet().stream().sorted().forEach(key -> out.println(key + " = "
        + SecretMasking.displayValue(key, settings.values().get(key)) + "  (" + settings.sources().get(key).label()
        + ")"));
    out.flush();
  }
}
