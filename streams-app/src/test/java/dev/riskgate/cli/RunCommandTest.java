package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

  @Test
  void refusesToServeMetricsOffLoopbackWithoutATokenBeforeConnectingToAnything() {
    CommandLine cli = RiskgateCli.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    // nothing listens on port 1: had the check come after the first connection, this would fail differently
    int exit = cli.execute("run", "--set", "http.host=0.0.0.0", "-b", "127.0.0.1:1", "-r", "http://127.0.0.1:1");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).containsExactly("Invalid configuration:",
        "  - http.host: '0.0.0.0' is reachable from other machines, so /metrics needs a token: set http.token "
            + "(RISKGATE_HTTP_TOKEN) or bind to 127.0.0.1");
  }
}
