package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class TrafficOptionsTest {
  @Test
  void everyTrafficCommandSharesOneDefinitionWithItsOwnDefaults() {
    CommandLine cli = RiskgateCli.commandLine();
    for (String command : List.of("generate", "detection-report")) {
      var spec = cli.getSubcommands().get(command).getCommandSpec();
      for (String name : List.of("--seed", "--cards", "--merchants")) {
        OptionSpec option = spec.findOption(name);
        assertThat(option).as(command + " " + name).isNotNull();
        assertThat(withoutDefault(option)).isEqualTo(
            withoutDefault(cli.getSubcommands().get("generate").getCommandSpec().findOption(name)));
      }
    }
    assertThat(cli.getSubcommands().get("generate").getCommandSpec().findOption("--cards").defaultValueString())
        .isEqualTo("200000");
    assertThat(cli.getSubcommands().get("detection-report").getCommandSpec().findOption("--cards")
        .defaultValueString()).isEqualTo("0");
  }

  private static String withoutDefault(OptionSpec option) {
    return String.join(" ", option.description()).replaceAll("Default: \\d+\\.$", "");
  }

  @Test
  void aSizeOfZeroScalesWithTheRunAndNeedsItsCount() {
    TrafficOptions scaled = new TrafficOptions(7, 0, 0);
    assertThat(scaled.problem(0)).contains("give its count");
    assertThat(scaled.problem(100_000)).isNull();
    TrafficOptions sized = scaled.sizedFor(100_000);
    assertThat(List.of(sized.seed(), (long) sized.cards(), (long) sized.merchants()))
        .containsExactly(7L, 20_000L, 2_000L);
    assertThat(new TrafficOptions(7, 300, 0).sizedFor(1_000).cards()).isEqualTo(300);
    assertThat(new TrafficOptions(7, -1, 5).problem(10)).contains("at least 1");
  }

  @Test
  void givenSizesReachTheGenerator() {
    CommandLine cli = RiskgateCli.commandLine();
    cli.parseArgs("detection-report", "--seed", "9", "--cards", "1234", "--merchants", "56");
    DetectionReportCommand command = cli.getSubcommands().get("detection-report").getCommand();
    var settings = command.traffic.settings(0, 0.0, "run");
    assertThat(List.of(settings.seed(), (long) settings.cards(), (long) settings.merchants()))
        .containsExactly(9L, 1_234L, 56L);
  }
}
