package dev.riskgate.cli;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.generate.LabelledDay;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.history.HistoryWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import dev.riskgate.generate.TrafficGenerator.Settings;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.runtime.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {
      "Produce realistic synthetic POS traffic to 'transactions', with status changes on 'entity-status'.",
      "Thousands of cards (tokens, never card numbers), merchants in ten cities and currencies, a daily",
      "rhythm (day-only merchants go quiet at night), terminal retries, and now and then a frozen account,",
      "a lost or stolen card, a suspended merchant or a lifted block. Runs until Ctrl-C unless --count or",
      "--duration stops it."
    },
    footer = {"", "Examples:", "  riskgate generate --rate 500", "  riskgate generate --count 100000 --rate 0",
      "  riskgate generate --count 100000 --output history.jsonl             # a file for replay/backtest",
      "  riskgate generate --count 100000 --output history.csv --status-output statuses.csv \\",
      "      --start 2026-11-01T00:00:00Z",
      "  riskgate generate --count 100000 --labelled 40 --output day.csv    # with fraud labels"})
final class GenerateCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--rate", defaultValue = "200", description = "Events per second; 0 = as fast as possible. Default: ${DEFAULT-VALUE}.")
  int rate;

  @Option(names = "--count", defaultValue = "0", description = "Stop after this many events (0 = no limit).")
  long count;

  @Option(names = "--duration", description = "Stop after this long, e.g. PT10M.")
  Duration duration;

  @Mixin TrafficOptions traffic = new TrafficOptions(42, 200_000, 5_000);

  @Option(names = "--status-every", defaultValue = "2000",
      description = "One status change per this many transactions (0 = none). Default: ${DEFAULT-VALUE}.")
  int statusEvery;

  @Option(names = "--retry-ratio", defaultValue = "0.01",
      description = "Share of transactions a terminal sends twice. Default: ${DEFAULT-VALUE}.")
  double retryRatio;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Write the events to a history file (.csv or .jsonl, the format replay and backtest read) "
          + "instead of Kafka; needs --count. Event times then advance by 1/--rate from --start.")
  Path output;

  @Option(names = "--status-output", paramLabel = "FILE",
      description = "With a .csv --output: where status changes go (a CSV holds one record type); "
          + "required unless --status-every 0. JSON Lines interleave them with the transactions.")
  Path statusOutput;

  @Option(names = "--start", paramLabel = "TIME",
      description = "With --output: event time of the first event (ISO-8601); default: so that the history ends now.")
  Instant start;

  @Option(names = "--labelled", paramLabel = "EPISODES",
      description = "With --output: a labelled day instead, of the detection report's kind (--count ordinary "
          + "transactions over 24 h with EPISODES labelled fraud episodes of each kind) and a label column; "
          + "--seed 1 --cards 0 --merchants 0 make the report's own day.")
  Integer labelledEpisodes;

  @Override
  public Integer call() throws IOException {
    String problem = traffic.problem(count);
    if (problem != null) {
      System.err.println(problem);
      return 2;
    }
    if (output != null) {
      return writeFile();
    }
    RiskgateConfig cfg = config.load();
    TrafficGenerator generator =
        new TrafficGenerator(traffic.sizedFor(count).settings(statusEvery, retryRatio, Settings.newRunId()));
    Map<String, Object> props = cfg.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(cfg.registryClient());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      Topics topics = new Topics(cfg.topicPrefix(), registry);
      try (Admin admin = Admin.create(props)) {
        TopicProvisioner.ensure(admin, topics, cfg);
      }
      GeneratorLoop loop = new GeneratorLoop(generator, topics, producer, rate, count, duration);
      Runtime.getRuntime().addShutdownHook(new Thread(loop::stop, "generate-stop"));
      loop.run();
    }
    return 0;
  }

  private int writeFile() throws IOException {
    if (count <= 0) {
      System.err.println("--output needs --count");
      return 2;
    }
    int perSecond = rate > 0 ? rate : 1_000;
    long first = start != null ? start.toEpochMilli() : System.currentTimeMillis() - count * 1_000 / perSecond;
    boolean statuses = labelledEpisodes != null || statusEvery > 0;
    try (HistoryWriter writer = new HistoryWriter(output, statusOutput, labelledEpisodes != null)) {
      if (statuses && !writer.takesStatuses()) {
        System.err.println("a CSV --output holds transactions only: give --status-output FILE, or --status-every 0");
        return 2;
      }
      long written = 0;
      if (labelledEpisodes != null) {
        TrafficOptions sized = traffic.sizedFor(count);
        for (LabelledDay.Labelled event : LabelledDay.generate(sized.seed(), first, (int) count, labelledEpisodes,
            sized.cards(), sized.merchants(), Duration.ofDays(1))) {
          write(writer, event.event(), event.label().name());
          written++;
        }
      } else {
        TrafficGenerator generator =
            new TrafficGenerator(traffic.sizedFor(count).settings(statusEvery, retryRatio, Settings.newRunId()));
        for (; written < count; written++) {
          write(writer, generator.next(first + written * 1_000 / perSecond), null);
        }
      }
      System.err.printf("wrote %,d events to %s%s%n", written, output,
          statusOutput == null ? "" : " and " + statusOutput);
    }
    return 0;
  }

  private static void write(HistoryWriter writer, TrafficGenerator.Event event, String label) {
    if (event instanceof TrafficGenerator.TransactionEvent t) {
      writer.write(t.transaction(), label);
    } else if (event instanceof TrafficGenerator.StatusEvent s) {
      writer.write(s.status());
    }
  }

  /** Paces events, sends them, and prints progress to stderr every five seconds. */
  static final class GeneratorLoop {
    private final TrafficGenerator generator;
    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final int rate;
    private final long count;
    private final Duration duration;
    private volatile boolean stopping;
    private volatile Exception sendFailure;
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    GeneratorLoop(TrafficGenerator generator, Topics topics, KafkaProducer<String, byte[]> producer, int rate,
        long count, Duration duration) {
      this.generator = generator;
      this.topics = topics;
      this.producer = producer;
      this.rate = rate;
      this.count = count;
      this.duration = duration;
    }

    /** From the shutdown hook: let the loop flush what it sent, so Ctrl-C loses nothing already counted. */
    void stop() {
      stopping = true;
      try {
        finished.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Nothing is dropped silently: the first failed send stops the generator with its cause. */
    private void onSent(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception failure) {
      if (failure != null && sendFailure == null) {
        sendFailure = failure;
      }
    }

    void run() {
      long start = System.nanoTime();
      long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
      long sent = 0;
      long statuses = 0;
      long retries = 0;
      long nextReport = start + 5_000_000_000L;
      var txSerializer = topics.transactions().valueSerde().serializer();
      var statusSerializer = topics.entityStatus().valueSerde().serializer();
      while (!stopping && sendFailure == null && (count == 0 || sent < count) && System.nanoTime() < deadline) {
        if (rate > 0) {
          long due = start + sent * 1_000_000_000L / rate;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        TrafficGenerator.Event event = generator.next(System.currentTimeMillis());
        if (event instanceof TrafficGenerator.TransactionEvent t) {
          var tx = t.transaction();
          producer.send(new ProducerRecord<>(topics.transactions().name(), null, tx.getEventTime().toEpochMilli(),
              tx.getCardToken(), txSerializer.serialize(topics.transactions().name(), tx)), this::onSent);
          retries += t.retry() ? 1 : 0;
        } else if (event instanceof TrafficGenerator.StatusEvent s) {
          producer.send(new ProducerRecord<>(topics.entityStatus().name(), s.key(),
              statusSerializer.serialize(topics.entityStatus().name(), s.status())), this::onSent);
          statuses++;
          System.err.printf("status change: %s -> %s (%s)%n", s.key(), s.status().getStatus(), s.status().getReason());
        }
        sent++;
        if (System.nanoTime() > nextReport) {
          double seconds = (System.nanoTime() - start) / 1e9;
          System.err.printf("generated %,d events (%,.0f/s): %,d status changes, %,d retries%n", sent,
              sent / seconds, statuses, retries);
          nextReport += 5_000_000_000L;
        }
      }
      producer.flush();
      finished.countDown();
      if (sendFailure != null) {
        throw new IllegalStateException("the broker refused a record after " + sent + " events: " + sendFailure,
            sendFailure);
      }
      System.err.printf("done: %,d events, %,d status changes, %,d retries%n", sent, statuses, retries);
    }
  }
}
