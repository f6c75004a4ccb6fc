package dev.riskgate.cli;

import dev.riskgate.detection.DetectionReport;
import dev.riskgate.generate.LabelledDay;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.RulesetException;
import dev.riskgate.rules.RulesetParser;
import dev.riskgate.rules.Rulesets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(names = "--merchants", paramLabel = "N",
      description = "Merchants the day's traffic is spread over; fewer make busier terminals, the harder case for"
          + " merchant and terminal rules. Default: one per 50 transactions (at least 200).")
  Integer merchants;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the day. Default: ${DEFAULT-VALUE}.")
  long seed;

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
    int merchantCount = merchants == null ? LabelledDay.defaultMerchants(transactions) : merchants;
    if (merchantCount < 1) {
      System.err.println("--merchants must be at least 1");
      return 2;
    }
    var tallies = DetectionReport.run(ruleset, seed, transactions, episodes, merchantCount);
    System.out.print(DetectionReport.format(ruleset, tallies));
    System.out.printf("(seed %d, %d ordinary transactions, %d merchants, %d episodes per scenario, %.1f s)%n", seed,
        transactions, merchantCount, episodes, (System.nanoTime() - started) / 1e9);
    return 0;
  }
}
