package dev.riskgate.cli;

import dev.riskgate.backtest.Backtest;
import dev.riskgate.backtest.DecisionFileWriter;
import dev.riskgate.history.HistoryFormat;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.labels.LabelFile;
import dev.riskgate.labels.Outcomes;
import dev.riskgate.labels.StatsReader;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.topics.GrouplessConsumer;
import dev.riskgate.topics.Topics;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.RulesetException;
import dev.riskgate.rules.RulesetParser;
import dev.riskgate.rules.Rulesets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Screen historical transactions offline (no broker) with a baseline and a candidate ruleset, through the",
      "same processor code as the live app, and show what the candidate would change before you publish it.",
      "",
      "Writes into --out: baseline-decisions and candidate-decisions (one line per transaction, input order,",
      "card tokens masked unless --unmask), changes.jsonl (every transaction decided differently, both sides),",
      "report.txt (outcomes, newly BLOCKED / ALLOWED / REVIEWED, counts by reason and by rule, and, when the",
      "history has a label column or --labels gives outcomes, recall, precision and false-positive rates side by",
      "side) and rejects.jsonl when a row is refused. The report is printed too. The same inputs give",
      "byte-identical files. Labels: CONFIRMED_FRAUD, CHARGEBACK, GENUINE, FALSE_POSITIVE (as on fraud-labels);",
      "LEGIT reads as GENUINE, any other word as fraud of that type (the generator's scenario names).",
      "",
      "Input: the history formats of 'riskgate replay' (see its --help). Status changes apply to every",
      "transaction after them in input order; keep the input in event-time order (docs/backtesting.md).",
      ""
    },
    footer = {"", "Examples:",
      "  riskgate backtest day.csv --statuses day-statuses.csv --candidate my-rules.yaml --out bt/",
      "  riskgate backtest history.jsonl --baseline live-rules.yaml --candidate my-rules.yaml \\",
      "      --out bt/ --decisions-format csv",
      "  riskgate backtest day.csv --candidate my-rules.yaml --out bt/ --labels chargebacks.csv",
      "  riskgate rules show > live-rules.yaml   # the ruleset in force, as a baseline"})
final class BacktestCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "Transactions: .csv, .jsonl (.ndjson) or .avro.")
  Path file;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "File format when the name does not tell: ${COMPLETION-CANDIDATES}.")
  HistoryFormat format;

  @Option(names = "--statuses", paramLabel = "FILE",
      description = "Entity-status changes, merged with the transactions by time.")
  Path statuses;

  @Option(names = "--baseline", paramLabel = "FILE",
      description = "Ruleset to compare against (.yaml/.json); default: the one shipped with riskgate.")
  Path baselineFile;

  @Option(names = "--candidate", paramLabel = "FILE", required = true, description = "The ruleset you want to try.")
  Path candidateFile;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for the output files.")
  Path out;

  @Option(names = "--decisions-format", paramLabel = "FORMAT", defaultValue = "JSONL",
      description = "Decision files as ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  DecisionFileWriter.Format decisionsFormat;

  @Option(names = "--unmask", description = "Write full card tokens (tokens, never card numbers) instead of tok_…d39m.")
  boolean unmask;

  @Option(names = "--labels", paramLabel = "FILE",
      description = "Outcomes reported since (as for riskgate labels import: .csv or .jsonl): where one names a "
          + "transaction, it counts instead of the history's label column, for recall and precision of both sides.")
  Path labelsFile;

  @Option(names = "--labels-from-topic",
      description = "Read the outcomes from the fraud-labels topic instead, on the cluster of -b and -r (or the "
          + "RISKGATE_* variables and --set).")
  boolean labelsFromTopic;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Properties file naming the cluster, for --labels-from-topic (docs/configuration.md).")
  Path configFile;

  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT",
      description = "Kafka brokers, for --labels-from-topic.")
  String bootstrapServers;

  @Option(names = {"-r", "--registry-url"}, paramLabel = "URL", description = "Schema Registry URL, for "
      + "--labels-from-topic.")
  String registryUrl;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
      description = "A screening setting as deployed, e.g. --set dedupe.window=PT12H.")
  Map<String, String> settings = new java.util.LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    Ruleset baseline;
    Ruleset candidate;
    try {
      baseline = baselineFile == null ? Rulesets.defaultRuleset() : RulesetParser.parse(Rulesets.read(baselineFile));
      candidate = RulesetParser.parse(Rulesets.read(candidateFile));
    } catch (RulesetException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Outcomes reported = null;
    if (labelsFile != null && labelsFromTopic) {
      System.err.println("give --labels FILE or --labels-from-topic, not both");
      return 2;
    }
    if (!labelsFromTopic && (configFile != null || bootstrapServers != null || registryUrl != null)) {
      System.err.println("-c, -b and -r name the cluster to read labels from: give --labels-from-topic too (the "
          + "backtest itself needs no broker)");
      return 2;
    }
    if (labelsFile != null || labelsFromTopic) {
      try {
        reported = labelsFromTopic ? labelsOnTopic() : readLabels(labelsFile);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      } catch (RuntimeException e) {
        System.err.println("cannot read the labels from fraud-labels: " + e.getMessage());
        return 1;
      }
    }
    long started = System.nanoTime();
    String report;
    long transactions;
    try (HistoryReader source = HistoryFormat.open(file, format, statuses);
        Backtest backtest = new Backtest(out, decisionsFormat, unmask, baseline, candidate)) {
      report = backtest.withLabels(reported).run(settings, source);
      transactions = backtest.transactions();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      // a ruleset's worker failed: the message names the ruleset and the line
      System.err.println("backtest stopped: " + e.getMessage());
      return 1;
    }
    System.out.print(report);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.err.printf("%,d transactions screened by 2 rulesets in %.1f s (%,.0f transactions/s); files in %s%n",
        transactions, seconds, transactions / seconds, out);
    return 0;
  }

  /** Every label on fraud-labels of the cluster the options and environment name. */
  private Outcomes labelsOnTopic() {
    Map<String, String> flags = new java.util.LinkedHashMap<>(settings);
    if (bootstrapServers != null) {
      flags.put("bootstrap.servers", bootstrapServers);
    }
    if (registryUrl != null) {
      flags.put("schema.registry.url", registryUrl);
    }
    RiskgateConfig cfg = ConfigLoader.load(ConfigLoader.resolve(configFile, System.getenv(), flags));
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(cfg.registryClient());
        KafkaConsumer<byte[], byte[]> consumer = GrouplessConsumer.create(cfg, "riskgate-backtest-labels")) {
      StatsReader reader = new StatsReader();
      Outcomes outcomes = reader.outcomes(consumer, new Topics(cfg.topicPrefix(), registry));
      if (reader.unreadable() > 0) {
        System.err.printf("--labels-from-topic: %,d records were not labels and were left out%n", reader.unreadable());
      }
      return outcomes;
    }
  }

  /** The outcomes of a labels file; its refused lines are counted on stderr (check them with labels import --dry-run). */
  private static Outcomes readLabels(Path file) throws java.io.IOException {
    LabelFile.Format format = LabelFile.Format.of(file);
    if (format == null) {
      throw new IllegalArgumentException("--labels " + file + ": name it .csv or .jsonl");
    }
    Outcomes outcomes = new Outcomes();
    long refused = 0;
    try (LabelFile labels = new LabelFile(file, format, "backtest")) {
      LabelFile.Line line;
      while ((line = labels.next()) != null) {
        if (line.refused()) {
          refused++;
        } else {
          outcomes.add(line.label());
        }
      }
    }
    if (refused > 0) {
      System.err.printf("--labels: %,d lines refused and left out (riskgate labels import %s --dry-run says why)%n",
          refused, file);
    }
    return outcomes;
  }
}
