package dev.riskgate.cli;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.history.HistoryFormat;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.replay.AppliedWait;
import dev.riskgate.replay.Pace;
import dev.riskgate.history.RejectFile;
import dev.riskgate.replay.Replay;
import dev.riskgate.replay.ReplayProgress;
import dev.riskgate.replay.TopicRangeHistory;
import dev.riskgate.runtime.TopicProvisioner;
import dev.riskgate.schema.Transaction;
import dev.riskgate.serde.SpecificAvroSerde;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.TransactionValidator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Load historical transactions into the 'transactions' topic faithfully: each keyed by its card token, with",
      "its event time as the record timestamp, in source order (so every card's order is kept). Sources: a CSV",
      "file (header required), a JSON Lines file, an Avro object container file, or a time range of a topic on",
      "this or another cluster. Status changes (a --statuses file, or status lines in a JSON Lines file) go to",
      "'entity-status' at their effective time.",
      "",
      "Status changes apply in event time. So that the transactions after a status change are decided with it in",
      "force, as the backtest decides them, the replay waits until the app has applied the change on every",
      "instance (GET /api/progress of --app) before it sends them; the progress line says when it waits.",
      "",
      "A row the pipeline would refuse (same validator) is not sent: it goes to the reject file with its line",
      "number and reason and is counted in the summary; --strict stops at the first one instead. Re-running is",
      "safe: the pipeline recognises transactionIds it already decided (within dedupe.window).",
      "",
      "CSV columns, by name in the header, any order: transactionId, cardToken, accountId, merchantId, terminalId,",
      "mcc, amountMinor, currency, entryMode (optional), eventTime (ISO-8601 or epoch ms), country, latitude and",
      "longitude (optional), acquirerId, label (optional, ignored by replay). Status files: entityType, entityId,",
      "status, reason, effectiveTime, source. JSON Lines use the same field names. See docs/backtesting.md.",
      ""
    },
    footer = {"", "Exit codes: 0 done (rejects, if any, are in the reject file), 1 failure, 2 bad arguments,",
      "3 stopped by --strict at a bad row.",
      "", "Examples:",
      "  riskgate replay history.csv --dry-run                   # check a file, produce nothing",
      "  riskgate replay history.csv --statuses statuses.csv     # as fast as possible",
      "  riskgate replay history.jsonl --speed x60               # an hour of traffic per minute",
      "  riskgate replay export.avro --rate 2000 --rejects bad.jsonl --strict",
      "  riskgate replay --source-topic transactions --source-bootstrap prod-kafka:9092 \\",
      "      --source-registry http://prod-registry:8081 --from 2026-11-01T00:00:00Z --to 2026-11-02T00:00:00Z"})
final class ReplayCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Parameters(arity = "0..1", paramLabel = "FILE",
      description = "History file: .csv, .jsonl (.ndjson) or .avro. Omit with --source-topic.")
  Path file;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "File format when the name does not tell: ${COMPLETION-CANDIDATES}.")
  HistoryFormat format;

  @Option(names = "--statuses", paramLabel = "FILE",
      description = "Entity-status changes to replay too, merged with the transactions by time.")
  Path statuses;

  @ArgGroup(exclusive = false, heading = "%nReplaying a topic range instead of a file:%n")
  SourceTopic sourceTopic;

  static final class SourceTopic {
    @Option(names = "--source-topic", required = true, paramLabel = "TOPIC",
        description = "Topic to copy transactions from (Avro, Confluent wire format).")
    String topic;

    @Option(names = "--from", paramLabel = "TIME",
        description = "First record timestamp to copy (ISO-8601, inclusive); default: the beginning.")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME",
        description = "Record timestamp to stop at (ISO-8601, exclusive); default: the end as of the start.")
    Instant to;

    @Option(names = "--source-bootstrap", paramLabel = "HOST:PORT",
        description = "Brokers of the source cluster; default: the target's.")
    String bootstrap;

    @Option(names = "--source-registry", paramLabel = "URL",
        description = "Schema Registry of the source cluster; default: the target's.")
    String registry;
  }

  @ArgGroup(exclusive = true, heading = "%nPace (default: as fast as possible):%n")
  PaceOptions pace;

  static final class PaceOptions {
    @Option(names = "--rate", paramLabel = "N", description = "Send N records per second.")
    Double rate;

    @Option(names = "--speed", paramLabel = "xF",
        description = "Keep the original gaps between event times, F times faster: x1, x10, x60.")
    String speed;

    Pace toPace() {
      return rate != null ? Pace.rate(rate) : Pace.speed(speed);
    }
  }

  @Option(names = "--rejects", paramLabel = "FILE", defaultValue = "replay-rejects.jsonl",
      description = "Where refused rows go, one JSON object each (line, kind, reason, masked input); created only "
          + "when there is one. Default: ${DEFAULT-VALUE}.")
  Path rejects;

  @Option(names = "--app", paramLabel = "URL",
      description = "A running riskgate instance, asked how far the app has applied status changes; default: this "
          + "configuration's http.host and http.port. When none answers, the replay warns and does not wait.")
  String app;

  @Option(names = "--no-wait-for-app",
      description = "Do not wait for the app to apply status changes (a load into an environment with no app).")
  boolean noWait;

  @Option(names = "--strict", description = "Stop at the first refused row (exit 3) instead of skipping it.")
  boolean strict;

  @Option(names = "--dry-run", description = "Read and check everything, produce nothing; needs no broker.")
  boolean dryRun;

  @Option(names = "--quiet", description = "No progress output, only the final summary.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if ((file == null) == (sourceTopic == null)) {
      System.err.println("give either a FILE or --source-topic (see riskgate replay --help)");
      return 2;
    }
    RiskgateConfig cfg = config.load();
    Pace chosen;
    try {
      chosen = pace == null ? Pace.MAX : pace.toPace();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Map<String, Object> props = cfg.clientProperties();
    TransactionValidator validator = new TransactionValidator(cfg.maxFutureSkew(), cfg.maxEventAge(),
        cfg.tokenRanges());
    Replay.Summary summary;
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(cfg.schemaRegistryUrl());
        HistoryReader source = open(cfg, registry);
        RejectFile rejectFile = new RejectFile(rejects)) {
      Topics topics = new Topics(cfg.topicPrefix(), registry);
      ReplayProgress progress = new ReplayProgress(System.err, ReplayProgress.forConsole(quiet));
      if (dryRun) {
        summary = new Replay(topics, null, validator, chosen, strict, -1, System.err)
            .run(source, rejectFile, progress);
      } else {
        long retention;
        try (Admin admin = Admin.create(props)) {
          TopicProvisioner.ensure(admin, topics, cfg);
          retention = retentionMs(admin, topics.transactions().name());
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(props),
            new StringSerializer(), new ByteArraySerializer())) {
          Replay replay = new Replay(topics, producer, validator, chosen, strict, retention, System.err)
              .waitingFor(noWait ? AppliedWait.NONE : AppProgressWait.at(appUrl(cfg), cfg, System.err));
          Thread hook = new Thread(replay::stop, "replay-stop");
          Runtime.getRuntime().addShutdownHook(hook);
          summary = replay.run(source, rejectFile, progress);
          Runtime.getRuntime().removeShutdownHook(hook);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    System.err.println(summary.format());
    if (summary.rejectedTotal() > 0) {
      System.err.println("rejected rows: " + rejects.toAbsolutePath());
    }
    return summary.stoppedAt() > 0 ? 3 : 0;
  }

  private String appUrl(RiskgateConfig cfg) {
    return app != null ? app : cfg.http().url();
  }

  private HistoryReader open(RiskgateConfig cfg, SchemaRegistryClient registry) throws java.io.IOException {
    if (file != null) {
      return HistoryFormat.open(file, format, statuses);
    }
    Map<String, Object> props = cfg.clientProperties();
    if (sourceTopic.bootstrap != null) {
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sourceTopic.bootstrap);
    }
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    SchemaRegistryClient sourceRegistry = sourceTopic.registry == null ? registry
        : SchemaRegistryClients.create(sourceTopic.registry);
    return new TopicRangeHistory(new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
        SpecificAvroSerde.forValues(sourceRegistry, Transaction.class).deserializer(), sourceTopic.topic,
        sourceTopic.from, sourceTopic.to);
  }

  /** Throughput settings; idempotence keeps the order of each partition through retries. */
  static Map<String, Object> producerProperties(Map<String, Object> client) {
    Map<String, Object> props = new java.util.HashMap<>(client);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return props;
  }

  private static long retentionMs(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    var entry = config.get(TopicConfig.RETENTION_MS_CONFIG);
    return entry == null || entry.value() == null ? -1 : Long.parseLong(entry.value());
  }
}
