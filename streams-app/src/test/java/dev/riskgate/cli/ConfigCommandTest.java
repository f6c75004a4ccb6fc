package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int riskgate(String... args) {
    CommandLine cli = RiskgateCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void printsEveryKeyWithItsValueAndSourceSecretsMasked() throws Exception {
    Path file = dir.resolve("riskgate.properties");
    Files.writeString(file, "dedupe.window=PT2H\nkafka.sasl.jaas.config=org.apache.kafka.common.security.plain."
        + "PlainLoginModule required username=\"app\" password=\"pw-from-file\";\n");

    int exit = riskgate("config", "--config", file.toString(), "--set", "http.token=flag-token", "-b", "kafka-1:9092");

    assertThat(exit).isZero();
    assertThat(out.toString().lines())
        .contains("dedupe.window = PT2H  (file)", "bootstrap.servers = kafka-1:9092  (flag)",
            "http.token = ********  (flag)", "kafka.sasl.jaas.config = ********  (file)",
            "http.port = 8080  (default)", "on.stream.failure = replace-thread  (default)")
        .hasSizeGreaterThanOrEqualTo(ConfigLoader.KEYS.size() + 1);
    assertThat(out.toString()).doesNotContain("flag-token", "pw-from-file");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void namesTheEnvironmentAsTheSourceOfAVariable() {
    StringWriter printed = new StringWriter();
    ConfigCommand.print(ConfigLoader.resolve(null, Map.of("RISKGATE_HTTP_PORT", "9090", "KAFKA_SSL_KEY_PASSWORD",
        "pw", "KAFKA_LINGER_MS", "5"), Map.of()), new PrintWriter(printed));
    assertThat(printed.toString().lines())
        .contains("http.port = 9090  (env)", "kafka.ssl.key.password = ********  (env)", "kafka.linger.ms = 5  (env)");
  }

  @Test
  void exitsWithCode2AndOneLinePerProblemWhenInvalid() {
    int exit = riskgate("config", "--set", "http.host=0.0.0.0", "--set", "num.standby.replicas=many");

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines()).containsExactly("Invalid configuration:",
        "  - num.standby.replicas: 'many' is not a non-negative integer",
        "  - http.host: '0.0.0.0' is reachable from other machines, so /metrics needs a token: set http.token "
            + "(RISKGATE_HTTP_TOKEN) or bind to 127.0.0.1");
  }

  @Test
  void helpExplainsSourcesMaskingAndExitCodes() {
    assertThat(riskgate("config", "--help")).isZero();
    assertThat(out.toString()).contains("default", "file", "env", "flag", "RISKGATE_HTTP_PORT", "********",
        "Exit code 0", "2 with one line per problem");
  }
}
