package dev.riskgate.cli;

import dev.riskgate.detection.DetectionReport;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.RulesetException;
import dev.riskgate.rules.RulesetParser;
import dev.riskgate.rules.Rulesets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "detection-report", mixinStandardHelpOptions = true,
    description = {
      "Measure how well a ruleset detects fraud: generate a day of ordinary traffic with labelled fraud episodes",
      "(card testing, BIN attack, impossible travel, night cash-out, splits under a limit, amount spike, frozen",
      "account, lost card, terminal retries), screen it offline through the same topology code as the live app,",
      "and print per-scenario recall and the share of legitimate transactions blocked and reviewed."
    },
    footer = {"", "Examples:", "  riskgate detection-report",
      "  riskgate detection-report --ruleset my-rules.yaml --transactions 200000 --seed 7",
      "  riskgate detection-report --merchants 200      # busy terminals: ~500 transactions a day each merchant"})
final class DetectionReportCommand implements Callable<Integer> {
  @Option(names = "--ruleset", paramLabel = "FILE", description = "Ruleset to measure (default: the shipped one).")
  Path rulesetFile;

  @Option(names = "--transactions", defaultValue = "100000",
      description = "Ordinary transactions in the day. Default: ${DEFAULT-VALUE}.")
  int transactions;

  @Option(names = "--episodes", defaultValue = "40",
      description = "Fraud episodes of each kind. Default: ${DEFAULT-VALUE}.")
  int episodes;

  /** The day's population scales with --transactions unless sized. */
  @Mixin TrafficOptions traffic = new TrafficOptions(1, 0, 0);

  @Override
  public Integer call() {
    Ruleset ruleset;
    try {
      ruleset = rulesetFile == null ? Rulesets.defaultRuleset() : RulesetParser.parse(Rulesets.read(rulesetFile));
    } catch (RulesetException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    long started = System.nanoTime();
    String problem = traffic.problem(transactions);
    if (problem != null) {
      System.err.println(problem);
      return 2;
    }
    TrafficOptions sized = traffic.sizedFor(transactions);
    var tallies = DetectionReport.run(ruleset, sized.seed(), transactions, episodes, sized.cards(), sized.merchants());
    System.out.print(DetectionReport.format(ruleset, tallies));
    System.out.printf("(seed %d, %d ordinary transactions, %d cards, %d merchants, %d episodes per scenario, %.1f s)%n",
        sized.seed(), transactions, sized.cards(), sized.merchants(), episodes, (System.nanoTime() - started) / 1e9);
    return 0;
  }
}
