package dev.riskgate.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Lets picocli fill every {@code --help} to the terminal's width. Command descriptions are written in the source as
 * short lines; picocli treats each as a line of its own and wraps it again at the help width, which leaves ragged
 * half-empty lines. Here consecutive lines of prose become one paragraph that picocli wraps once. Indented lines
 * (option lists, layer tables) and blank lines keep their place.
 */
final class HelpLayout {
  /** Width when the output is not a terminal (piped, redirected, CI logs). */
  static final int WIDTH = 100;

  private HelpLayout() {}

  static CommandLine apply(CommandLine cli) {
    cli.setUsageHelpWidth(WIDTH);
    cli.setUsageHelpAutoWidth(true);
    applyToTree(cli);
    return cli;
  }

  private static void applyToTree(CommandLine command) {
    UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    usage.description(paragraphs(usage.description()));
    command.getSubcommands().values().forEach(HelpLayout::applyToTree);
  }

  /** Joins each run of non-blank, non-indented lines into one line. */
  static String[] paragraphs(String[] lines) {
    List<String> out = new ArrayList<>();
    boolean joinable = false;
    for (String line : lines) {
      boolean prose = !line.isBlank() && !Character.isWhitespace(line.charAt(0));
      if (prose && joinable) {
        out.set(out.size() - 1, out.get(out.size() - 1) + " " + line.strip());
      } else {
        out.add(line);
      }
      joinable = prose;
    }
    return out.toArray(String[]::new);
  }
}
