package dev.riskgate.cli;

import dev.riskgate.analyst.TimeArgument;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.replay.DeadLetterReplay;
import dev.riskgate.replay.ReplayProgress;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.topics.GrouplessConsumer;
import dev.riskgate.topics.Topics;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dead-letters", mixinStandardHelpOptions = true,
    description = "Work with the dead-letter topic: records the app refused, with their original bytes and why.",
    subcommands = {DeadLettersCommand.Replay.class})
final class DeadLettersCommand {

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = {
        "Send dead letters back to the transactions topic once their cause has passed (a schema registered, a",
        "setting corrected, a producer fixed), with the original key, value and timestamp. Letters whose bytes were",
        "masked (a card number) or cut (too large) are never re-sent: they are not the original. Within",
        "dedupe.window a transaction decided meanwhile is answered as a retry; one that fails again becomes a new",
        "dead letter. Reads the topic as far as it was committed when the command began."
      },
      footer = {"", "Examples:",
        "  riskgate dead-letters replay --kind UNKNOWN_SCHEMA_ID --dry-run      # what would be re-sent",
        "  riskgate dead-letters replay --kind UNKNOWN_SCHEMA_ID --from -2h",
        "  riskgate dead-letters replay --from 2026-11-26T08:00:00Z --until 2026-11-26T09:00:00Z"})
  static final class Replay implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(names = "--kind", paramLabel = "KIND", split = ",", completionCandidates = EnumNames.ErrorKinds.class,
        description = "Only letters of these error kinds (default: every kind): ${COMPLETION-CANDIDATES}.")
    List<ErrorKind> kinds;

    @Option(names = "--from", paramLabel = "TIME",
        description = "Only letters dead-lettered at or after this time: " + TimeArgument.FORMS + ".")
    String from;

    @Option(names = "--until", paramLabel = "TIME", description = "Only letters dead-lettered before this time.")
    String until;

    @Option(names = "--dry-run", description = "Read and count, send nothing.")
    boolean dryRun;

    @Option(names = "--quiet", description = "No progress output, only the final summary.")
    boolean quiet;

    @Override
    public Integer call() {
      RiskgateConfig cfg = config.load();
      Instant now = Instant.now();
      DeadLetterReplay.Filter filter;
      try {
        filter = new DeadLetterReplay.Filter(kinds == null ? Set.of() : EnumSet.copyOf(kinds),
            from == null ? null : TimeArgument.parse(from, now), until == null ? null : TimeArgument.parse(until, now));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      DeadLetterReplay.Summary summary;
      try (SchemaRegistryClient registry = SchemaRegistryClients.create(cfg.registryClient());
          KafkaConsumer<byte[], byte[]> consumer = GrouplessConsumer.create(cfg, "riskgate-dead-letters-replay");
          KafkaProducer<byte[], byte[]> producer = dryRun ? null : new KafkaProducer<>(
              ReplayCommand.producerProperties(cfg.clientProperties()), new ByteArraySerializer(),
              new ByteArraySerializer())) {
        Topics topics = new Topics(cfg.topicPrefix(), registry);
        summary = new DeadLetterReplay(topics, consumer, producer)
            .run(filter, new ReplayProgress(System.err, ReplayProgress.forConsole(quiet)));
        System.err.println(format(summary, topics, dryRun));
      }
      return 0;
    }
  }

  static String format(DeadLetterReplay.Summary s, Topics topics, boolean dryRun) {
    String byKind = s.resent().entrySet().stream()
        .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,d", e.getValue())).collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "%s%,d of %,d dead letters to %s%s; not re-sent: %,d masked (a card number), "
        + "%,d cut (too large), %,d without a value, %,d from another topic, %,d outside the filter, %,d not "
        + "readable as a dead letter",
        dryRun ? "dry run, nothing sent: would re-send " : "re-sent ", s.resentTotal(), s.read(),
        topics.transactions().name(), byKind.isEmpty() ? "" : " (" + byKind + ")", s.masked(), s.truncated(),
        s.empty(), s.otherTopic(), s.filteredOut(), s.unreadable());
  }
}
