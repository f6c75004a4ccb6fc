package dev.riskgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riskgate.analyst.Explanation;
import dev.riskgate.topics.GrouplessConsumer;
import dev.riskgate.analyst.TimeArgument;
import dev.riskgate.analyst.TransactionFinder;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.rulesets.RulesetPublisher;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Explain one decision in plain words: outcome and response code, the reasons,",
      "every rule evaluated (observed value against threshold, fired or not), the",
      "shadow rules and what they would have done, the entity statuses consulted, the",
      "ruleset version, and whether it was a terminal's retry. Finds the audit event,",
      "the decision and the transaction itself without reading whole topics:",
      "  --card    decisions and audit events are keyed by card token, so only that",
      "            card's partition is read;",
      "  --around  only records stamped within --window of that time (records carry",
      "            the transaction's time);",
      "  --since   records from that time to the end;",
      "  --app     ask a running instance's index (its de-duplication store",
      "            remembers where every transaction of the last dedupe.window",
      "            was read): then one partition, two minutes of it, no hint.",
      "Give at least one of them (both --card and --around: one partition, a few",
      "minutes of it), or --scan to read everything. No consumer group is joined.",
      "Card tokens are masked unless --unmask.",
      ""
    },
    footer = {"", "Examples:",
      "  riskgate explain tx_t5e6kp_6knhczy --around 2026-11-26T08:12 --card tok_3kd93m",
      "  riskgate explain tx_t5e6kp_6knhczy --since -1h",
      "  riskgate explain tx_t5e6kp_6knhczy --app http://127.0.0.1:8080",
      "  riskgate explain tx_t5e6kp_6knhczy --around -20m --window PT5M -o json",
      "  riskgate explain tx_t5e6kp_6knhczy --scan      # no hint: reads everything"})
final class ExplainCommand implements Callable<Integer> {
  enum Output { text, json }

  @Spec CommandSpec spec;
  @Mixin ConfigOptions config;

  @Parameters(index = "0", paramLabel = "TRANSACTION_ID", description = "The transactionId to explain.")
  String transactionId;

  @Option(names = "--card", paramLabel = "TOKEN", description = "Card token of the transaction (full): read only "
      + "its partition.")
  String card;

  @Option(names = "--around", paramLabel = "TIME", description = "About when it happened: -20m, "
      + "2026-11-26T08:12 (UTC), 2026-11-26T08:12:04Z ...")
  String around;

  @Option(names = "--window", paramLabel = "DURATION", defaultValue = "PT15M",
      description = "How far either side of --around to look (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration window;

  @Option(names = "--since", paramLabel = "TIME", description = "Look from this time to the end.")
  String since;

  @Option(names = "--app", paramLabel = "URL", description = "A running instance (http://127.0.0.1:8080): its "
      + "index says where the transaction was read, so no other hint is needed.")
  String app;

  @Option(names = "--scan", description = "No hint: read every partition from the beginning (slow on a big topic).")
  boolean scan;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or json.")
  Output output;

  @Option(names = "--unmask", description = "Show card tokens in full.")
  boolean unmask;

  @Override
  public Integer call() throws java.io.IOException, InterruptedException {
    TransactionFinder.Hint hint = app == null ? hint(Instant.now()) : null;
    RiskgateConfig cfg = config.load();
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(cfg.registryClient())) {
      Topics topics = new Topics(cfg.topicPrefix(), registry);
      TransactionFinder.Result result;
      try (KafkaConsumer<byte[], byte[]> consumer = GrouplessConsumer.create(cfg, "riskgate-explain")) {
        TransactionFinder finder = new TransactionFinder(consumer, topics);
        if (hint != null) {
          result = finder.find(transactionId, hint);
        } else {
          JsonNode at = AppClient.locate(app, transactionId, cfg);
          if (at.has("error")) {
            spec.commandLine().getErr().println(at.get("error").asText());
            return 1;
          }
          result = finder.findAt(transactionId, at.get("partition").asInt(), at.get("offset").asLong());
        }
      }
      if (!result.found()) {
        spec.commandLine().getErr().println("No decision for " + transactionId + " in the " + result.recordsRead()
            + " records read" + (card == null ? "" : " (partition of card " + card + ")")
            + ": widen --window, try --since, or check the id (riskgate inspect transactions --from ...)");
        return 1;
      }
      String version = result.audit().value().getDecision().getRulesetVersion();
      Ruleset deciding = Explanation.definitionsOf(version, Rulesets.defaultRuleset().version().equals(version) ? null
          : new RulesetPublisher(cfg.clientProperties(), topics).active());
      Explanation explanation = new Explanation(result, deciding, unmask);
      spec.commandLine().getOut().print(output == Output.json ? explanation.json().toString() + "\n"
          : explanation.text());
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  private TransactionFinder.Hint hint(Instant now) {
    if (around == null && since == null && card == null && !scan) {
      throw usage("give --card, --around, --since or --app so that explain reads a small part of the topics "
          + "(or --scan)");
    }
    if (around != null && since != null) {
      throw usage("--around and --since do not combine: pick one");
    }
    try {
      if (around != null) {
        return TransactionFinder.Hint.around(card, TimeArgument.parse(around, now), window);
      }
      return new TransactionFinder.Hint(card, since == null ? null : TimeArgument.parse(since, now), null);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
