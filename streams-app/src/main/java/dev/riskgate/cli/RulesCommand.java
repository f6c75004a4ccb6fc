package dev.riskgate.cli;

import dev.riskgate.analyst.TimeArgument;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.features.Feature;
import dev.riskgate.labels.RuleStats;
import dev.riskgate.labels.StatsReader;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.RulesetException;
import dev.riskgate.rules.RulesetParser;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.rulesets.RulesetPublisher;
import dev.riskgate.runtime.TopicProvisioner;
import dev.riskgate.schema.RulesetDocument;
import dev.riskgate.topics.GrouplessConsumer;
import dev.riskgate.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rules", mixinStandardHelpOptions = true,
    description = {
      "Check, publish and show rulesets. A ruleset is a YAML (or JSON) document: a version, review and block",
      "score thresholds, and rules that each read one feature, compare it with a threshold, and add a weight or",
      "force REVIEW/BLOCK, in ENFORCE or SHADOW mode. Every running instance applies a published ruleset within",
      "two seconds, without a restart. See docs/rules.md."
    },
    subcommands = {RulesCommand.Validate.class, RulesCommand.Publish.class, RulesCommand.Withdraw.class,
      RulesCommand.Show.class, RulesCommand.Features.class, RulesCommand.Stats.class},
    footer = {"", "Examples:",
      "  riskgate rules validate my-rules.yaml",
      "  riskgate rules publish my-rules.yaml",
      "  riskgate rules publish --candidate next-rules.yaml   # decides beside, to candidate-decisions only",
      "  riskgate rules withdraw --candidate",
      "  riskgate rules show",
      "  riskgate rules show --default > my-rules.yaml   # start from the shipped ruleset",
      "  riskgate rules features",
      "  riskgate rules stats --since 90d               # each rule against chargebacks and confirmed fraud"})
final class RulesCommand {

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Check a ruleset file without publishing it: exit 0 when valid, 2 with one line per problem.")
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Ruleset file (.yaml, .yml or .json).")
    Path file;

    @Override
    public Integer call() {
      return checked(() -> {
        Ruleset ruleset = RulesetParser.parse(Rulesets.read(file));
        System.out.printf("%s: ruleset %s is valid: %d rules (%d shadow), review at %d, block at %d%n", file,
            ruleset.version(), ruleset.rules().size(),
            ruleset.rules().stream().filter(r -> r.mode() == dev.riskgate.schema.RuleMode.SHADOW).count(),
            ruleset.reviewAt(), ruleset.blockAt());
      });
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = {"Check a ruleset and publish it to the risk-rules topic, where every running instance picks it",
        "up. A ruleset with any problem is refused and nothing is published: the previous one stays in force."})
  static final class Publish implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Parameters(paramLabel = "FILE", description = "Ruleset file (.yaml, .yml or .json).")
    Path file;

    @Option(names = "--candidate", description = {"Publish it as the candidate ruleset: every instance decides each",
      "transaction with it too, beside the ruleset in force, and writes those decisions to candidate-decisions",
      "only (nothing downstream changes), to compare on live traffic before publishing it in force."})
    boolean candidate;

    @Override
    public Integer call() {
      return checked(() -> {
        String document = Rulesets.read(file);
        RulesetParser.parse(document); // refuse before touching the cluster
        RiskgateConfig cfg = config.load();
        withPublisher(cfg, (publisher, topics) -> {
          String by = System.getProperty("user.name") + "@" + cfg.instanceId();
          Ruleset ruleset = candidate ? publisher.publishCandidate(document, by) : publisher.publish(document, by);
          System.out.printf("published %s %s to %s: %d rules%n", candidate ? "candidate ruleset" : "ruleset",
              ruleset.version(), topics.riskRules().name(), ruleset.rules().size());
        });
      });
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true,
      description = {"Withdraw the candidate ruleset (--candidate): its decisions stop. Without --candidate, withdraw",
        "the published ruleset: the default shipped with riskgate goes back in force on every instance."})
  static final class Withdraw implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(names = "--candidate", description = "Withdraw the candidate ruleset only.")
    boolean candidate;

    @Override
    public Integer call() {
      return checked(() -> withPublisher(config.load(), (publisher, topics) -> {
        if (candidate) {
          publisher.withdrawCandidate();
          System.out.println("withdrew the candidate ruleset from " + topics.riskRules().name());
        } else {
          publisher.withdraw();
          System.out.println("withdrew the published ruleset from " + topics.riskRules().name()
              + ": the default shipped with riskgate is in force");
        }
      }));
    }
  }

  private static void withPublisher(RiskgateConfig cfg, java.util.function.BiConsumer<RulesetPublisher, Topics> use) {
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(cfg.registryClient())) {
      Topics topics = new Topics(cfg.topicPrefix(), registry);
      try (Admin admin = Admin.create(cfg.clientProperties())) {
        TopicProvisioner.ensure(admin, topics, cfg);
      }
      use.accept(new RulesetPublisher(cfg.clientProperties(), topics), topics);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print the ruleset in force: the last one published, or the shipped default if none was.")
  static final class Show implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(names = "--default", description = "Print the default ruleset shipped with riskgate instead.")
    boolean shipped;

    @Override
    public Integer call() {
      if (shipped) {
        System.out.print(Rulesets.defaultDocument());
        return 0;
      }
      RiskgateConfig cfg = config.load();
      try (SchemaRegistryClient registry = SchemaRegistryClients.create(cfg.registryClient())) {
        Topics topics = new Topics(cfg.topicPrefix(), registry);
        RulesetDocument active = new RulesetPublisher(cfg.clientProperties(), topics).active();
        if (active == null) {
          System.out.println("# nothing published to " + topics.riskRules().name()
              + ": the default ruleset shipped with riskgate is in force");
          System.out.print(Rulesets.defaultDocument());
        } else {
          System.out.printf("# ruleset %s, published %s by %s%n", active.getVersion(), active.getPublishedAt(),
              active.getPublishedBy());
          System.out.print(active.getDocument());
        }
      }
      return 0;
    }
  }

  @Command(name = "features", mixinStandardHelpOptions = true,
      description = "List the features a rule can read, with what each one measures.")
  static final class Features implements Callable<Integer> {
    @Override
    public Integer call() {
      for (Feature f : Feature.values()) {
        System.out.printf("%-28s %s%n", f.featureName(), f.description());
      }
      System.out.println();
      System.out.println("operators: >, >=, <, <=, ==, !=, between [low, high]; actions: weight, or action REVIEW|BLOCK");
      return 0;
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
      description = {
        "How each rule did against the outcomes reported since (riskgate labels import): per ruleset version and",
        "rule, ENFORCE and SHADOW, the original decisions it fired on (hits), how many are labelled fraud",
        "(CONFIRMED_FRAUD, CHARGEBACK) and genuine (GENUINE, FALSE_POSITIVE), and its precision (fraud over",
        "labelled hits); and the labelled fraud decided ALLOW, by fraud type. Reads fraud-labels whole and the audit",
        "topic from --since, as far as each went when the command began. Retries are not counted; a label repeated",
        "counts once, a conflicting one replaces the earlier. Chargebacks arrive up to 120 days after the payment:",
        "the audit topic must keep that long (docs/operations.md)."
      },
      footer = {"", "Examples:", "  riskgate rules stats", "  riskgate rules stats --since 120d --ruleset default-2026.12.6.2",
        "  riskgate rules stats --json | jq '.rulesets[].rules[] | select(.precision != null)'"})
  static final class Stats implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Spec CommandSpec spec;

    @Option(names = "--since", paramLabel = "TIME", defaultValue = "-30d",
        description = "Decisions from this time on: " + TimeArgument.FORMS + ". Default: ${DEFAULT-VALUE}.")
    String since;

    @Option(names = "--ruleset", paramLabel = "VERSION", description = "One ruleset version only.")
    String version;

    @Option(names = "--json", description = "Print JSON instead of the table.")
    boolean json;

    @Override
    public Integer call() {
      Instant from;
      try {
        from = TimeArgument.parse(since.replaceFirst("^(\\d+[smhd])$", "-$1"), Instant.now());
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("--since: " + e.getMessage());
        return 2;
      }
      RiskgateConfig cfg = config.load();
      try (SchemaRegistryClient registry = SchemaRegistryClients.create(cfg.registryClient());
          KafkaConsumer<byte[], byte[]> consumer = GrouplessConsumer.create(cfg, "riskgate-rules-stats")) {
        Topics topics = new Topics(cfg.topicPrefix(), registry);
        StatsReader reader = new StatsReader();
        RuleStats stats = reader.read(consumer, topics, from, version);
        spec.commandLine().getOut().print(json ? stats.json() + System.lineSeparator() : stats.table());
        spec.commandLine().getOut().flush();
        if (reader.unreadable() > 0) {
          spec.commandLine().getErr().printf("%,d records could not be read as a label or an audit event and were skipped%n",
              reader.unreadable());
        }
      }
      return 0;
    }
  }

  private static Integer checked(Runnable action) {
    try {
      action.run();
      return 0;
    } catch (RulesetException e) {
      System.err.println(e.getMessage());
      return 2;
    }
  }

  private RulesCommand() {}
}
