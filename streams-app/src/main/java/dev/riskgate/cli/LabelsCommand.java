package dev.riskgate.cli;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.history.RejectFile;
import dev.riskgate.labels.LabelFile;
import dev.riskgate.labels.LabelImport;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.replay.ReplayProgress;
import dev.riskgate.runtime.TopicProvisioner;
import dev.riskgate.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "labels", mixinStandardHelpOptions = true,
    description = "Outcomes of decided transactions (chargebacks, confirmed fraud, analysts' verdicts), on the "
        + "fraud-labels topic.",
    subcommands = {LabelsCommand.Import.class})
final class LabelsCommand {

  @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
      description = {
        "Send the labels of a file to fraud-labels, keyed by transactionId, with their reportedTime as the record",
        "timestamp. Labels: CONFIRMED_FRAUD, CHARGEBACK (fraud); GENUINE, FALSE_POSITIVE (a genuine payment riskgate",
        "blocked or sent to review). A label attaches to the transaction's original decision, never to a retry; the",
        "same label sent again counts once; a different one replaces the earlier (both stay on the topic).",
        "",
        "CSV columns, by name in the header, any order: transactionId, cardToken, label, reportedTime (ISO-8601 or",
        "epoch ms), and optional fraudType (fraud labels only), chargebackReasonCode (CHARGEBACK only), source. JSON",
        "Lines use the same field names. A line that is refused (with a card number anywhere in it, a missing field,",
        "an unknown label ...) goes to the reject file with its line number and reason, its input masked.",
        ""
      },
      footer = {"", "Exit codes: 0 done (rejects, if any, are in the reject file), 1 failure, 2 bad arguments.",
        "", "Examples:",
        "  riskgate labels import chargebacks-2026-11.csv --source issuer-chargebacks",
        "  riskgate labels import verdicts.jsonl --dry-run        # check a file, send nothing"})
  static final class Import implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Labels: .csv or .jsonl (.ndjson).")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "File format when the name does not tell: ${COMPLETION-CANDIDATES}.")
    LabelFile.Format format;

    @Option(names = "--source", paramLabel = "NAME",
        description = "The source of lines that name none (a chargeback feed, analyst:NAME ...).")
    String source;

    @Option(names = "--rejects", paramLabel = "FILE", defaultValue = "label-rejects.jsonl",
        description = "Where refused lines go, one JSON object each (line, kind, reason, masked input); created only "
            + "when there is one. Default: ${DEFAULT-VALUE}.")
    Path rejects;

    @Option(names = "--dry-run", description = "Read and check every line, send nothing; needs no broker.")
    boolean dryRun;

    @Option(names = "--quiet", description = "No progress output, only the final summary.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      try {
        return importFile(err);
      } finally {
        err.flush();
      }
    }

    private int importFile(PrintWriter err) throws Exception {
      LabelFile.Format chosen = format != null ? format : LabelFile.Format.of(file);
      if (chosen == null) {
        err.println("cannot tell the format of " + file + " from its name: give --format CSV or JSONL");
        return 2;
      }
      if (!Files.isReadable(file)) {
        err.println("cannot read " + file);
        return 2;
      }
      ReplayProgress progress = new ReplayProgress(System.err, ReplayProgress.forConsole(quiet), "imported");
      LabelImport.Summary summary;
      try (LabelFile labels = new LabelFile(file, chosen, source); RejectFile rejectFile = new RejectFile(rejects)) {
        if (dryRun) {
          summary = LabelImport.run(labels, null, new AtomicReference<>(), rejectFile, progress);
        } else {
          RiskgateConfig cfg = config.load();
          try (SchemaRegistryClient registry = SchemaRegistryClients.create(cfg.registryClient())) {
            Topics topics = new Topics(cfg.topicPrefix(), registry);
            try (Admin admin = Admin.create(cfg.clientProperties())) {
              TopicProvisioner.ensure(admin, topics, cfg);
            }
            String topic = topics.fraudLabels().name();
            var serializer = topics.fraudLabels().valueSerde().serializer();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ReplayCommand.producerProperties(cfg.clientProperties()), new StringSerializer(),
                new ByteArraySerializer())) {
              AtomicReference<Exception> failure = new AtomicReference<>();
              summary = LabelImport.run(labels, label -> producer.send(new ProducerRecord<>(topic, null,
                  label.getReportedTime().toEpochMilli(), label.getCardToken(), serializer.serialize(topic, label)),
                  (metadata, e) -> {
                    if (e != null) {
                      failure.compareAndSet(null, e);
                    }
                  }), failure, rejectFile, progress);
              producer.flush();
              if (failure.get() != null) {
                err.println("labels could not be sent to " + topic + ": " + failure.get().getMessage()
                    + " (the labels before the failure may have been sent; importing again adds no count: a "
                    + "repeated label counts once)");
                return 1;
              }
            }
          }
        }
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return 2;
      }
      err.println(summary.format());
      if (summary.rejectedTotal() > 0) {
        err.println("rejected lines: " + rejects.toAbsolutePath());
      }
      return 0;
    }
  }
}
