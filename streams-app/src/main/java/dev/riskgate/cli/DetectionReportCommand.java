package dev.riskgate.cli;

import dev.riskgate.detection.DetectionReport;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.RulesetException;
import dev.riskgate.rules.RulesetParser;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.analyst.TimeArgument;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.riskgate.generate.TrafficGenerator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "detection-report", mixinStandardHelpOptions = true,
    description = {
      "Measure how well a ruleset detects fraud: generate a day of ordinary traffic with labelled fraud episodes",
      "(card testing, BIN attack, impossible travel, night cash-out, splits under a limit, amount spike, frozen",
      "account, lost card, counterfeit abroad, slow card testing, shop hopping, terminal retries) in one of several",
      "worlds (currencies, density, habits), screen it offline through the same topology code as the live app,",
      "and print per-scenario recall and the share of legitimate transactions blocked and reviewed."
    },
    footer = {"", "Examples:", "  riskgate detection-report",
      "  riskgate detection-report --ruleset my-rules.yaml --transactions 200000 --seed 7",
      "  riskgate detection-report --merchants 200      # busy terminals: ~500 transactions a day each merchant",
      "  riskgate detection-report --world all --seeds 6-10   # one line per world and day, worst last"})
final class DetectionReportCommand implements Callable<Integer> {
  @Option(names = "--ruleset", paramLabel = "FILE", description = "Ruleset to measure (default: the shipped one).")
  Path rulesetFile;

  @Option(names = "--transactions", defaultValue = "100000",
      description = "Ordinary transactions in the day. Default: ${DEFAULT-VALUE}.")
  int transactions;

  @Option(names = "--episodes", defaultValue = "40",
      description = "Fraud episodes of each kind. Default: ${DEFAULT-VALUE}.")
  int episodes;

  @Option(names = "--start", paramLabel = "TIME",
      description = "Start of the day (" + TimeArgument.FORMS + "): fixed by default so that a report reproduces. "
          + "Default: ${DEFAULT-VALUE}.")
  String startText = DetectionReport.DEFAULT_START.toString();

  @Option(names = "--seeds", paramLabel = "LIST",
      description = "Several days, one line each instead of the full table: seeds as 1-5 or 1,4,9. With --world all,"
          + " on every world. The last line holds the worst figure of each column.")
  String seeds;

  @Option(names = "--warm-up-days", paramLabel = "N",
      description = "Days of the same cardholders' ordinary traffic screened before the measured day and not counted,"
          + " so that history features (median, z-score, countries) meet cards with a past as in production; 0 starts"
          + " from cards never seen. Default: ${DEFAULT-VALUE}.")
  int warmUpDays = DetectionReport.DEFAULT_WARM_UP_DAYS;

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
    Instant start;
    try {
      start = TimeArgument.parse(startText, Instant.now());
    } catch (IllegalArgumentException e) {
      System.err.println("--start: " + e.getMessage());
      return 2;
    }
    if (warmUpDays < 0 || warmUpDays > 30) {
      System.err.println("--warm-up-days: " + warmUpDays + " is not between 0 and 30");
      return 2;
    }
    if (seeds != null || "all".equals(traffic.world)) {
      return matrix(ruleset, start);
    }
    long started = System.nanoTime();
    String problem = traffic.problem(transactions);
    if (problem != null) {
      System.err.println(problem);
      return 2;
    }
    TrafficOptions sized = traffic.sizedFor(transactions);
    var tallies = DetectionReport.run(ruleset, sized.seed(), transactions, episodes, sized.cards(), sized.merchants(),
        start, sized.world(), warmUpDays);
    System.out.print(DetectionReport.format(ruleset, tallies));
    System.out.printf("(world %s, seed %d, day from %s after %d warm-up days, %d ordinary transactions, %d cards,"
        + " %d merchants, %d episodes per scenario, %.1f s)%n", sized.world(), sized.seed(), start, warmUpDays,
        transactions, sized.cards(), sized.merchants(), episodes, (System.nanoTime() - started) / 1e9);
    return 0;
  }

  /** One line per world and seed, and the worst of each column. */
  private int matrix(Ruleset ruleset, Instant start) {
    List<Long> seedList;
    try {
      seedList = seeds == null ? List.of(traffic.seed) : seedsOf(seeds);
    } catch (IllegalArgumentException e) {
      System.err.println("--seeds: '" + seeds + "' is not a list of seeds such as 1-5 or 1,4,9");
      return 2;
    }
    List<String> worlds = "all".equals(traffic.world) ? TrafficGenerator.worlds() : List.of(traffic.world);
    DetectionReport.Matrix matrix = new DetectionReport.Matrix(ruleset);
    System.out.print(matrix.header());
    for (String world : worlds) {
      for (long seed : seedList) {
        TrafficOptions day = new TrafficOptions(seed, traffic.cards, traffic.merchants);
        day.world = world;
        String problem = day.problem(transactions);
        if (problem != null) {
          System.err.println(problem);
          return 2;
        }
        TrafficOptions sized = day.sizedFor(transactions);
        System.out.print(matrix.line(world, seed, DetectionReport.run(ruleset, seed, transactions, episodes,
            sized.cards(), sized.merchants(), start, world, warmUpDays)));
      }
    }
    System.out.print(matrix.worst());
    System.out.printf("(day from %s after %d warm-up days, %d ordinary transactions, %d episodes per scenario)%n",
        start, warmUpDays, transactions, episodes);
    return 0;
  }

  private static List<Long> seedsOf(String text) {
    List<Long> list = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] range = part.trim().split("-");
      long from = Long.parseLong(range[0].trim());
      long to = range.length == 2 ? Long.parseLong(range[1].trim()) : from;
      if (range.length > 2 || to < from || to - from > 1_000) {
        throw new IllegalArgumentException(part);
      }
      for (long s = from; s <= to; s++) {
        list.add(s);
      }
    }
    return list;
  }
}
