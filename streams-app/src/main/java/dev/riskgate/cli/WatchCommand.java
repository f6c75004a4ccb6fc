package dev.riskgate.cli;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Outcome;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {
      "Show decisions as they are committed, with a running summary of outcomes.",
      "Reads the audit topic read_committed without joining a consumer group, so it never disturbs the",
      "application. Card tokens are masked unless --unmask is given."
    },
    footer = {"", "Examples:", "  riskgate watch                 # blocks and reviews, summary every 5 s",
      "  riskgate watch --all --from-beginning"})
final class WatchCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--all", description = "Print every decision, not only REVIEW and BLOCK.")
  boolean all;

  @Option(names = "--from-beginning", description = "Start at the earliest decision instead of now.")
  boolean fromBeginning;

  @Option(names = "--unmask", description = "Show card tokens in full.")
  boolean unmask;

  @Option(names = "--summary-every", defaultValue = "PT5S", description = "Summary interval. Default: ${DEFAULT-VALUE}.")
  Duration summaryEvery;

  private volatile boolean stopping;

  @Override
  public Integer call() {
    RiskgateConfig cfg = config.load();
    Map<String, Object> props = cfg.clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(cfg.registryClient())) {
      Topics topics = new Topics(cfg.topicPrefix(), registry);
      try (KafkaConsumer<String, AuditEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
          topics.audit().valueSerde().deserializer())) {
        var partitions = TopicPartitions.of(consumer, topics.audit().name());
        consumer.assign(partitions);
        if (fromBeginning) {
          consumer.seekToBeginning(partitions);
        } else {
          consumer.seekToEnd(partitions);
        }
        StopOnCtrlC ctrlC = StopOnCtrlC.install(() -> stopping = true, consumer);
        try {
          loop(consumer);
        } finally {
          ctrlC.close();
        }
      }
    }
    return 0;
  }

  private void loop(KafkaConsumer<String, AuditEvent> consumer) {
    OutcomeSummary window = new OutcomeSummary();
    OutcomeSummary total = new OutcomeSummary();
    long nextSummary = System.nanoTime() + summaryEvery.toNanos();
    System.out.println("watching decisions (Ctrl-C to stop)");
    try {
      while (!stopping) {
        for (ConsumerRecord<String, AuditEvent> record : consumer.poll(Duration.ofMillis(200))) {
          AuditEvent audit = record.value();
          window.add(audit.getDecision());
          total.add(audit.getDecision());
          if (all || audit.getDecision().getOutcome() != Outcome.ALLOW) {
            System.out.println(DecisionLine.format(audit, unmask));
          }
        }
        if (System.nanoTime() > nextSummary) {
          System.out.println("-- last " + summaryEvery.toSeconds() + " s: " + window + " | since start: "
              + total.brief());
          window = new OutcomeSummary();
          nextSummary += summaryEvery.toNanos();
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // Ctrl-C
    }
    System.out.println("-- total: " + total);
  }
}
