package dev.riskgate.cli;

import dev.riskgate.topics.GrouplessConsumer;
import dev.riskgate.analyst.Inspected;
import dev.riskgate.analyst.RecordFacts;
import dev.riskgate.analyst.RecordFilter;
import dev.riskgate.analyst.RecordJson;
import dev.riskgate.analyst.RecordTable;
import dev.riskgate.analyst.StartPosition;
import dev.riskgate.analyst.TimeArgument;
import dev.riskgate.analyst.TopicKind;
import dev.riskgate.analyst.TopicReader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.topics.Topics;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Read any riskgate topic, decoded through the Schema Registry, with filters and",
      "time ranges. Topics: transactions, decisions, audit, entity-status,",
      "risk-rules, transactions-dead-letter, merchant-features, fraud-labels (with or",
      "without the topic.prefix). Dead letters show their error and the original bytes (hex;",
      "base64 and hex with -o json). Records that do not decode are shown with their",
      "error and bytes, whatever the filters: nothing is skipped silently. Partitions",
      "are assigned, never subscribed: no consumer group, no committed offsets, so",
      "inspecting never disturbs the application. Only committed records are read",
      "(read_committed). Card tokens are masked (tok_…d39m) unless --unmask is given.",
      ""
    },
    footer = {"", "Examples:",
      "  riskgate inspect decisions --from -15m --outcome BLOCK",
      "  riskgate inspect audit --from -1h --reason ACCOUNT_FROZEN --merchant mer_ww5fwz",
      "  riskgate inspect transactions --card tok_3kd93ma0d39m --unmask \\",
      "      --from 2026-11-26T08:00 --until 2026-11-26T09:00",
      "  riskgate inspect audit --rule card-testing-small-burst --max-amount 2 --count 20",
      "  riskgate inspect transactions-dead-letter -o json | jq .value.errorKind",
      "  riskgate inspect decisions --partition 2 --from offset:-10       # the tail of partition 2",
      "  riskgate inspect audit --follow --response-code 59",
      "  riskgate inspect audit --from -24h --summary --bucket 1h"})
final class InspectCommand implements Callable<Integer> {
  enum Output { table, json }

  @Spec CommandSpec spec;
  @Mixin ConfigOptions config;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to read, e.g. decisions, audit, transactions.")
  String topic;

  @Option(names = "--from", paramLabel = "START", description = "Where to start in every partition: beginning, end, "
      + "offset:N, offset:-N (N offsets before the end; under exactly-once each commit marker takes an offset too, so "
      + "fewer than N records may follow), or a time: -15m, -2h, -1d, 2026-11-26T08:15:00Z, 2026-11-26T08:15 (UTC), "
      + "2026-11-26. Default: beginning, or end with --follow.")
  String from;

  @Option(names = "--until", paramLabel = "TIME", description = "Stop each partition at its first record stamped "
      + "after this time (same forms as --from's times).")
  String until;

  @Option(names = "--count", paramLabel = "N", description = "Stop after N matching records.")
  Long count;

  @Option(names = {"-f", "--follow"}, description = "Keep reading new records as they are committed (Ctrl-C stops).")
  boolean follow;

  @Option(names = {"-p", "--partition"}, paramLabel = "N", split = ",",
      description = "Read only these partitions (default: all).")
  List<Integer> partitions = new ArrayList<>();

  @Option(names = "--card", paramLabel = "TOKEN", split = ",", description = "Card token (full, as on the topic).")
  List<String> cards = new ArrayList<>();

  @Option(names = "--account", paramLabel = "ID", split = ",", description = "Account id.")
  List<String> accounts = new ArrayList<>();

  @Option(names = "--merchant", paramLabel = "ID", split = ",", description = "Merchant id.")
  List<String> merchants = new ArrayList<>();

  @Option(names = "--terminal", paramLabel = "ID", split = ",", description = "Terminal id.")
  List<String> terminals = new ArrayList<>();

  @Option(names = "--outcome", paramLabel = "OUTCOME", split = ",", completionCandidates = EnumNames.Outcomes.class,
      description = "ALLOW, REVIEW or BLOCK (decisions, audit).")
  List<Outcome> outcomes = new ArrayList<>();

  @Option(names = "--reason", paramLabel = "CODE", split = ",", completionCandidates = EnumNames.ReasonCodes.class,
      description = "Reason code among the decision's reasons, e.g. ACCOUNT_FROZEN, CARD_TESTING.")
  List<ReasonCode> reasons = new ArrayList<>();

  @Option(names = "--response-code", paramLabel = "RC", split = ",",
      description = "ISO 8583 response code, e.g. 57, 59 (decisions, audit).")
  List<String> responseCodes = new ArrayList<>();

  @Option(names = "--rule", paramLabel = "RULE_ID", split = ",",
      description = "Audit events in which this rule fired (ENFORCE or SHADOW).")
  List<String> rules = new ArrayList<>();

  @Option(names = "--min-amount", paramLabel = "AMOUNT",
      description = "Smallest amount, in major units of the transaction's currency (transactions, audit).")
  BigDecimal minAmount;

  @Option(names = "--max-amount", paramLabel = "AMOUNT", description = "Largest amount, same units.")
  BigDecimal maxAmount;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (aligned, for people) or json "
      + "(JSON Lines with topic, partition, offset, timestamp, key, value). Default: table on a terminal, json when "
      + "the output is piped.")
  Output output;

  @Option(names = "--summary", description = "Instead of records: counts by outcome and reason per time bucket, "
      + "block rate, top merchants and cards by blocks (decisions, audit).")
  boolean summary;

  @Option(names = "--bucket", paramLabel = "DURATION", defaultValue = "PT1H",
      description = "Time bucket of --summary (ISO-8601: PT15M, PT1H, P1D). Default: ${DEFAULT-VALUE}.")
  Duration bucket;

  @Option(names = "--unmask", description = "Show card tokens in full.")
  boolean unmask;

  private volatile boolean stopping;

  @Override
  public Integer call() {
    Instant now = Instant.now();
    StartPosition start = parse(() -> StartPosition.parse(from != null ? from : follow ? "end" : "beginning", now));
    Instant stopAt = until == null ? null : parse(() -> TimeArgument.parse(until, now));
    if (count != null && count <= 0) {
      throw usage("--count must be at least 1");
    }
    if (bucket.isNegative() || bucket.isZero()) {
      throw usage("--bucket must be positive");
    }
    RiskgateConfig cfg = config.load();
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(cfg.registryClient())) {
      Topics topics = new Topics(cfg.topicPrefix(), registry);
      TopicKind kind = parse(() -> TopicKind.of(topic, topics, cfg.topicPrefix()));
      String name = kind.topic(topics).name();
      RecordFilter filter = new RecordFilter(cards, accounts, merchants, terminals, outcomes, reasons, responseCodes,
          rules, minAmount, maxAmount);
      List<String> problems = new ArrayList<>(filter.problemsFor(kind, name));
      if (summary && !kind.hasDecisions()) {
        problems.add("--summary needs decisions or audit, not " + name);
      }
      if (!problems.isEmpty()) {
        throw usage(String.join("\n", problems));
      }
      try (KafkaConsumer<byte[], byte[]> consumer = GrouplessConsumer.create(cfg, "riskgate-inspect")) {
        List<TopicPartition> assigned = selectedPartitions(TopicPartitions.of(consumer, name));
        StopOnCtrlC ctrlC = StopOnCtrlC.install(() -> stopping = true, consumer);
        try {
          read(kind, kind.topic(topics).valueSerde().deserializer(), consumer, assigned, start, stopAt, filter);
        } finally {
          ctrlC.close();
        }
      }
    }
    return 0;
  }

  private void read(TopicKind kind, Deserializer<?> values, KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> assigned, StartPosition start, Instant stopAt, RecordFilter filter) {
    PrintWriter out = spec.commandLine().getOut();
    boolean json = (output == null ? System.console() == null ? Output.json : Output.table : output) == Output.json;
    RecordTable table = new RecordTable(kind, unmask);
    InspectSummary totals = new InspectSummary(bucket);
    long[] shown = {0};
    long[] read = {0};
    long[] undecodable = {0};
    if (!json && !summary) {
      out.println(table.header());
    }
    try {
      TopicReader.read(consumer, assigned, start, stopAt, follow, () -> stopping,
          (ConsumerRecord<byte[], byte[]> r) -> {
            read[0]++;
            Inspected record = Inspected.decode(kind, values, r);
            if (record.decoded() ? !filter.test(RecordFacts.of(record)) : !filter.mayMatchUndecodable(record)) {
              return true;
            }
            undecodable[0] += record.decoded() ? 0 : 1;
            shown[0]++;
            if (summary) {
              if (record.record() instanceof AuditEvent a) {
                totals.add(a.getDecision(), a.getTransaction().getMerchantId());
              } else if (record.record() instanceof Decision d) {
                totals.add(d, null);
              }
            } else {
              out.println(json ? RecordJson.line(record, unmask).toString() : table.row(record));
              out.flush();
            }
            return count == null || shown[0] < count;
          });
    } catch (org.apache.kafka.common.errors.WakeupException ctrlC) {
      // Ctrl-C while following: print what we have
    }
    if (summary) {
      out.print(json ? totals.json(unmask).toString() + "\n" : totals.text(unmask));
    }
    out.flush();
    spec.commandLine().getErr().printf("-- %,d records shown of %,d read%s%n", shown[0], read[0],
        undecodable[0] == 0 ? "" : String.format(" (%,d undecodable, shown with their error)", undecodable[0]));
  }

  private List<TopicPartition> selectedPartitions(List<TopicPartition> all) {
    if (partitions.isEmpty()) {
      return all;
    }
    List<TopicPartition> chosen = all.stream().filter(tp -> partitions.contains(tp.partition())).toList();
    if (chosen.size() != partitions.size()) {
      throw usage("--partition " + partitions + ": " + all.get(0).topic() + " has partitions 0.." + (all.size() - 1));
    }
    return chosen;
  }

  private <T> T parse(java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
