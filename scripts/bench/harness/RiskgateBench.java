import dev.riskgate.cli.TrafficOptions;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.runtime.TopicProvisioner;
import dev.riskgate.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "scripts/bench/run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
    description = {
      "The riskgate benchmark, in one run on a local stack of its own (ports 49092/48081, in-memory registry).",
      "It prints figures only; nothing asserts a time. Phases:",
      "  raw         keyed producer -> broker -> read_committed consumer with real serialized transactions, as",
      "              many partitions as the transactions topic: records/s, the baseline of every ratio.",
      "  throughput  per guarantee: pre-load --warmup-count + --count transactions, start riskgate (default",
      "              ruleset), count decisions a read_committed consumer sees; records/s after the warm-up and",
      "              the ratio to raw. Then the records the broker wrote per input transaction, by topic: end-",
      "              offset deltas (under exactly-once they include transaction markers) and records read",
      "              read_committed between the same offsets.",
      "  latency     per guarantee, on the warm app of the throughput phase: open-loop sends at each of --rates,",
      "              eventTime = intended send time, latency to the decision seen read_committed, HdrHistogram",
      "              p50/p99/p99.9/max (corrected for coordinated omission: measured from the schedule); then",
      "              the app's own histogram over the same rate (timestamp to decision emitted), which splits",
      "              the figure into the part up to the processor and the part after it.",
      "  state       exactly_once_v2 with each of --state-cards distinct cards: throughput and app RSS",
      "              (/proc/<pid>/status VmRSS at the end, VmHWM peak).",
      "  floor       per guarantee, --floor-pairs pairs of riskgate and the engine floor (a minimal Kafka Streams",
      "              app of riskgate's shape: same serde, settings, card and merchant records, hop, decision and",
      "              audit event; none of riskgate's work), alternating, each drained then measured at --rates:",
      "              the median of the per-pair ratios riskgate / floor with their range.",
      "  recovery    exactly_once_v2 at --recovery-rate: the app stopped for --outage while traffic keeps coming",
      "              (time to the first decision after the restart, backlog decided per second, time to caught",
      "              up), then a second instance joining and leaving (latency percentiles over the span).",
      "Every app runs with its own topic prefix, application id and state directory."
    },
    footer = {"", "Examples:", "  scripts/bench/run                 # the full run, on a quiet machine (~1 h)",
        "  scripts/bench/run --smoke         # a couple of minutes, small counts",
        "  scripts/bench/run --phases raw,throughput --guarantees exactly_once_v2 --set rocksdb.memory.mb=512"})
public final class RiskgateBench implements Callable<Integer> {
  @Mixin BenchOptions options;
  @Spec CommandSpec spec;

  private final List<String> summary = new ArrayList<>();
  private double rawPerSecond;
  /** Mean value sizes by topic, from phase 5: the engine floor's records are made as large as riskgate's. */
  private final Map<String, Double> measuredValueBytes = new HashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new RiskgateBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    applySmokeDefaults();
    String problem = options.traffic.problem(options.count);
    if (problem != null) {
      System.err.println(problem);
      return 2;
    }
    options.traffic = options.traffic.sizedFor(options.count);
    System.out.printf("riskgate benchmark %s%s, %d cores, load average %s%n", java.time.Instant.now(),
        options.smoke ? " (--smoke)" : "", Runtime.getRuntime().availableProcessors(),
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
    Map<String, Object> producerProps = producerProperties();
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(options.registry);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap));
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
      if (options.runs("raw")) {
        raw(admin, producerProps, registry);
      }
      if (options.runs("throughput") || options.runs("latency")) {
        for (String guarantee : options.guarantees) {
          screening(admin, producer, producerProps, registry, guarantee);
        }
      }
      if (options.runs("floor")) {
        FloorComparison floor = new FloorComparison(options, admin, producer, producerProps, registry, summary::add,
            measuredValueBytes);
        for (String guarantee : options.guarantees) {
          floor.run(guarantee);
        }
      }
      if (options.runs("state")) {
        for (int cards : options.stateCards) {
          stateGrowth(admin, producerProps, registry, cards);
        }
      }
      if (options.runs("recovery")) {
        new RecoveryPhase(options, admin, producer, registry, summary::add).run();
      }
    }
    System.out.println();
    System.out.println("== summary" + (options.smoke ? " (--smoke: small counts, not a baseline)" : ""));
    summary.forEach(System.out::println);
    return 0;
  }

  /** The generator's producer settings, for the raw pipe and every pre-load. */
  private Map<String, Object> producerProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return props;
  }

  private int partitions() {
    return partitions(options);
  }

  static int partitions(BenchOptions options) {
    return options.appSettings.stream().filter(s -> s.startsWith("topic.partitions="))
        .map(s -> Integer.parseInt(s.substring(s.indexOf('=') + 1))).reduce((a, b) -> b).orElse(6);
  }

  private void raw(Admin admin, Map<String, Object> producerProps, SchemaRegistryClient registry) throws Exception {
    System.out.printf("%n== phase 1: raw pipe, %,d records, %d partitions%n", options.rawCount, partitions());
    Topics topics = new Topics("raw.", registry);
    var serializer = topics.transactions().valueSerde().serializer();
    TrafficGenerator generator = new TrafficGenerator(
        options.traffic.settings(0, 0.0, "raw"));
    List<Map.Entry<String, byte[]>> pool = new ArrayList<>();
    long bytes = 0;
    while (pool.size() < 20_000) {
      if (generator.next(System.currentTimeMillis()) instanceof TrafficGenerator.TransactionEvent e) {
        byte[] value = serializer.serialize(topics.transactions().name(), e.transaction());
        bytes += value.length;
        pool.add(Map.entry(e.transaction().getCardToken(), value));
      }
    }
    RawPipe.Result result = RawPipe.run(admin, producerProps, options.bootstrap, pool, partitions(), options.rawCount);
    rawPerSecond = result.recordsPerSecond();
    String line = String.format("raw pipe: %,.0f records/s end to end after warm-up (producer alone %,.0f/s incl. "
        + "warm-up), values %.0f B",
        result.recordsPerSecond(), result.producerRecordsPerSecond(), (double) bytes / pool.size());
    System.out.println("  " + line);
    summary.add(line);
  }

  private void screening(Admin admin, KafkaProducer<String, byte[]> producer, Map<String, Object> producerProps,
      SchemaRegistryClient registry,
      String guarantee) throws Exception {
    String name = guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) ? "eos" : "alos";
    boolean measure = options.runs("throughput");
    long warmup = options.warmupCount;
    long total = measure ? warmup + options.count : warmup;
    System.out.printf("%n== phase 2: riskgate %s, %,d transactions pre-loaded (%,d warm-up), %,d cards%n",
        guarantee, total, warmup, options.traffic.cards());
    Topics topics = provision(admin, registry, name, options);
    Preloader.Loaded loaded = Preloader.load(producerProps, topics, generator(options.traffic.cards(), 0.01, options), total, options.traffic.cards(),
        options.cardInterval);
    System.out.printf("  pre-loaded %,d transactions, %,d distinct cards, values %.0f B%n", loaded.transactions(),
        loaded.distinctCards(), loaded.valueBytes());
    BrokerWrites writes = new BrokerWrites(admin, options.bootstrap, name + ".", "bench-" + name);
    var before = writes.snapshot();
    try (DecisionFeed feed = new DecisionFeed(options.bootstrap, topics.decisions().name());
        AppProcess app = AppProcess.start(options, name, guarantee, List.of())) {
      DrainThroughput.Result result = DrainThroughput.follow(feed, app, warmup, total, options.stallTimeout);
      AppProcess.Rss rss = app.rss();
      if (measure) {
        String line = String.format("%s: %,.0f tx/s after warm-up (%s of raw; %,.0f/s incl. warm-up), RSS %,d MiB "
            + "(peak %,d)", guarantee, result.recordsPerSecond(), ratio(result.recordsPerSecond()),
            result.withWarmupPerSecond(), rss.mib(), rss.peakMib());
        System.out.println("  " + line);
        System.out.println("  " + result.cpu());
        summary.add(line);
        summary.add("  " + result.cpu());
        System.out.printf("%n== phase 5: records the broker wrote per input transaction, %s (%,d inputs)%n",
            guarantee, total);
        measuredValueBytes.putAll(writes.print(before, writes.settledSnapshot(), total));
      }
      if (options.runs("latency")) {
        OpenLoopLatency latency = new OpenLoopLatency(options, topics, producer);
        for (int rate : options.rates) {
          System.out.printf("%n== phase 3: open-loop latency, %s, %,d tx/s for %s (first %s left out)%n",
              guarantee, rate, options.latencyDuration, options.latencyWarmup);
          AppSideLatency.Snapshot appBefore = AppSideLatency.scrapeOrNull(app);
          // how busy the cores were at this rate: on a shared machine, the queueing behind the tail
          CpuAccount cpu = new CpuAccount(app.pid());
          cpu.start();
          OpenLoopLatency.Result measured = latency.run(rate, app);
          String busy = "whole phase: " + cpu.since(measured.decided());
          String line = LatencyReport.line(guarantee, measured);
          String appSide = AppSideLatency.between(appBefore, AppSideLatency.scrapeOrNull(app));
          System.out.println("  " + line);
          System.out.println("    " + appSide);
          System.out.println("    " + busy);
          summary.add(line);
          summary.add("    " + appSide);
          summary.add("    " + busy);
        }
      }
    }
  }

  private void stateGrowth(Admin admin, Map<String, Object> producerProps, SchemaRegistryClient registry,
      int cards) throws Exception {
    String name = "cards" + cards;
    long warmup = options.warmupCount;
    long total = warmup + options.stateCount;
    System.out.printf("%n== phase 4: state growth, exactly_once_v2, %,d cards, %,d transactions (%,d warm-up)%n",
        cards, total, warmup);
    Topics topics = provision(admin, registry, name, options);
    Preloader.Loaded loaded = Preloader.load(producerProps, topics, generator(cards, 0.01, options), total, cards,
        options.cardInterval);
    try (DecisionFeed feed = new DecisionFeed(options.bootstrap, topics.decisions().name());
        AppProcess app = AppProcess.start(options, name, StreamsConfig.EXACTLY_ONCE_V2, List.of())) {
      DrainThroughput.Result result = DrainThroughput.follow(feed, app, warmup, total, options.stallTimeout);
      AppProcess.Rss rss = app.rss();
      String line = String.format("%,d cards (%,d seen): %,.0f tx/s after warm-up (%s of raw), RSS %,d MiB "
          + "(peak %,d)", cards, loaded.distinctCards(), result.recordsPerSecond(), ratio(result.recordsPerSecond()),
          rss.mib(), rss.peakMib());
      System.out.println("  " + line);
      System.out.println("  " + result.cpu());
      summary.add(line);
      summary.add("  " + result.cpu());
    }
  }

  /** The topics of one app run, on a prefix of its own. */
  static Topics provision(Admin admin, SchemaRegistryClient registry, String name, BenchOptions options) {
    Topics topics = new Topics(name + ".", registry);
    TopicProvisioner.ensure(admin, topics, partitions(options), (short) 1);
    awaitLeaders(admin, topics.transactions().name());
    return topics;
  }

  /**
   * Until every partition of a just-created topic has a leader: a pre-load sent before that was seen to get
   * NOT_LEADER_OR_FOLLOWER until the producer's delivery timeout (120 s) failed the benchmark.
   */
  private static void awaitLeaders(Admin admin, String topic) {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        // not known to every broker component yet: ask again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(topic + " has partitions without a leader after 60 s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // polling the broker, not synchronising threads
    }
  }

  /** The benchmark's traffic with its seed: every run given the same arguments sees the same transactions. */
  static TrafficGenerator generator(int cards, double retryRatio, BenchOptions options) {
    return new TrafficGenerator(new TrafficOptions(options.traffic.seed(), cards, options.traffic.merchants())
        .settings(0, retryRatio, TrafficGenerator.Settings.newRunId()));
  }

  private String ratio(double perSecond) {
    return rawPerSecond > 0 ? String.format("%.3f", perSecond / rawPerSecond) : "n/a (raw phase not run)";
  }

  /** --smoke: small values for every option not given on the command line. */
  private void applySmokeDefaults() {
    if (!options.smoke) {
      return;
    }
    var given = spec.commandLine().getParseResult();
    if (!given.hasMatchedOption("--raw-count")) options.rawCount = 200_000;
    if (!given.hasMatchedOption("--warmup-count")) options.warmupCount = 20_000;
    if (!given.hasMatchedOption("--count")) options.count = 60_000;
    if (!given.hasMatchedOption("--rates")) options.rates = List.of(1_000, 2_000);
    if (!given.hasMatchedOption("--latency-duration")) options.latencyDuration = java.time.Duration.ofSeconds(8);
    if (!given.hasMatchedOption("--latency-warmup")) options.latencyWarmup = java.time.Duration.ofSeconds(2);
    if (!given.hasMatchedOption("--state-cards")) options.stateCards = List.of(10_000, 200_000);
    if (!given.hasMatchedOption("--state-count")) options.stateCount = 100_000;
    if (!given.hasMatchedOption("--floor-pairs")) options.floorPairs = 1;
    if (!given.hasMatchedOption("--outage")) options.outage = java.time.Duration.ofSeconds(30);
    if (!given.hasMatchedOption("--rebalance-duration")) options.rebalanceDuration = java.time.Duration.ofSeconds(40);
  }
}
