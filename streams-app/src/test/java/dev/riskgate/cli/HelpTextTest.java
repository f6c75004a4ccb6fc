package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/** Every command's {@code --help}, as a user reads it when piped (no terminal: {@link HelpLayout#WIDTH}). */
class HelpTextTest {

  static Stream<CommandLine> commands() {
    List<CommandLine> all = new ArrayList<>();
    collect(RiskgateCli.commandLine(), all);
    return all.stream();
  }

  private static void collect(CommandLine command, List<CommandLine> all) {
    all.add(command);
    command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void fitsTheWidthWithoutRaggedLines(CommandLine command) {
    String help = command.getUsageMessage();
    assertThat(help.lines()).as(help).allMatch(line -> line.length() <= HelpLayout.WIDTH);
    List<String> description = command.getHelp().description().lines().toList();
    for (int i = 0; i + 1 < description.size(); i++) {
      String line = description.get(i);
      String next = description.get(i + 1);
      boolean sameParagraph = !line.isBlank() && !next.isBlank() && !next.startsWith("  ") && !line.startsWith("  ");
      if (sameParagraph) {
        // picocli fills a line up to the column before the width; a shorter one is a line break written in the source
        assertThat(line.length() + 1 + next.strip().split(" ")[0].length())
            .as("line %d of %s's description is cut short:%n%s", i + 1, command.getCommandName(), description)
            .isGreaterThanOrEqualTo(HelpLayout.WIDTH);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void describesEveryOptionAndParameter(CommandLine command) {
    List<ArgSpec> args = command.getCommandSpec().args();
    assertThat(args).allSatisfy(arg -> assertThat(String.join(" ", arg.description()))
        .as("%s of %s", arg.paramLabel(), command.getCommandName()).isNotBlank());
    assertThat(command.getCommandSpec().usageMessage().description()).as(command.getCommandName()).isNotEmpty();
  }
}
