import dev.riskgate.cli.TrafficOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Every knob of the benchmark; {@code --smoke} scales the counts and durations down to a minute or two. */
final class BenchOptions {
  // set by scripts/bench/run
  @Option(names = "--bootstrap", required = true, hidden = true, description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(names = "--registry", required = true, hidden = true, description = "Schema Registry URL.")
  String registry;

  @Option(names = "--jar", required = true, hidden = true, description = "The shaded riskgate.jar to run.")
  Path jar;

  @Option(names = "--work", required = true, hidden = true, description = "Work directory: app logs and state.")
  Path work;

  @Option(names = "--pid-file", required = true, hidden = true,
      description = "Every app PID is appended here, for the cleanup.")
  Path pidFile;

  @Option(names = "--phases", split = ",", defaultValue = "raw,throughput,latency,floor,state,recovery",
      description = "Phases to run, of raw,throughput,latency,floor,state,recovery (broker writes are part of "
          + "throughput). Default: ${DEFAULT-VALUE}.")
  List<String> phases;

  @Option(names = "--guarantees", split = ",", defaultValue = "exactly_once_v2,at_least_once",
      description = "Processing guarantees for the throughput and latency phases. Default: ${DEFAULT-VALUE}.")
  List<String> guarantees;

  @Option(names = "--raw-count", defaultValue = "2000000",
      description = "Phase 1: records through the raw pipe. Default: ${DEFAULT-VALUE}.")
  long rawCount;

  @Option(names = "--warmup-count", defaultValue = "300000",
      description = "Phases 2 and 4: transactions decided before the clock starts (JIT warm-up). "
          + "Default: ${DEFAULT-VALUE}.")
  long warmupCount;

  @Option(names = "--count", defaultValue = "1000000",
      description = "Phase 2: transactions measured after the warm-up. Default: ${DEFAULT-VALUE}.")
  long count;

  /** Phases 1-3: the population (phase 4 sizes its own with --state-cards). */
  @Mixin TrafficOptions traffic = new TrafficOptions(42, 50_000, 5_000);

  @Option(names = "--card-interval", defaultValue = "PT1H",
      description = "Pre-loaded traffic: mean event time between two uses of one card, so that windows, retry "
          + "memory and profiles age as in real traffic (the last event is now). Default: ${DEFAULT-VALUE}.")
  Duration cardInterval;

  @Option(names = "--rates", split = ",", defaultValue = "1000,5000,20000",
      description = "Phase 3: open-loop rates in transactions/s. Default: ${DEFAULT-VALUE}.")
  List<Integer> rates;

  @Option(names = "--latency-duration", defaultValue = "PT60S",
      description = "Phase 3: sending time per rate, warm-up included. Default: ${DEFAULT-VALUE}.")
  Duration latencyDuration;

  @Option(names = "--latency-warmup", defaultValue = "PT10S",
      description = "Phase 3: first part of each rate left out of the histogram. Default: ${DEFAULT-VALUE}.")
  Duration latencyWarmup;

  @Option(names = "--max-backlog", defaultValue = "PT30S",
      description = "Phase 3: stop sending at a rate once a decision is this late (the app cannot keep up); "
          + "what was sent is still measured. Default: ${DEFAULT-VALUE}.")
  Duration maxBacklog;

  @Option(names = "--state-cards", split = ",", defaultValue = "10000,5000000",
      description = "Phase 4: distinct cards of each run. Default: ${DEFAULT-VALUE}.")
  List<Integer> stateCards;

  @Option(names = "--state-count", defaultValue = "5000000",
      description = "Phase 4: transactions per run after the warm-up (cover the largest card count). "
          + "Default: ${DEFAULT-VALUE}.")
  long stateCount;

  @Option(names = "--app-jvm-options", defaultValue = "-Xmx1g",
      description = "JVM options of each riskgate app. Default: ${DEFAULT-VALUE}.")
  String appJvmOptions;

  @Option(names = "--stream-threads", defaultValue = "2",
      description = "Stream threads of each riskgate app (num.stream.threads): one per core of this 2-core machine, "
          + "where one thread waits on each exactly-once commit while the other processes. Default: ${DEFAULT-VALUE}.")
  int streamThreads;

  @Option(names = "--set", description = "A riskgate setting for every app run, key=value (repeatable), "
      + "e.g. --set rocksdb.memory.mb=512.")
  List<String> appSettings = new ArrayList<>();

  @Option(names = "--floor-pairs", defaultValue = "3",
      description = "Phase floor: riskgate / engine-floor pairs per guarantee, alternating which runs first. "
          + "Default: ${DEFAULT-VALUE}.")
  int floorPairs;

  // the floor's records are as large as riskgate's: phase 5 measures the profiles' mean sizes when it runs first
  @Option(names = "--floor-card-bytes", defaultValue = "300",
      description = "Phase floor, without phase 5 before it: the card record's size (riskgate's card profile). "
          + "Default: ${DEFAULT-VALUE}.")
  int floorCardBytes;

  @Option(names = "--floor-merchant-bytes", defaultValue = "400",
      description = "Phase floor, without phase 5 before it: the merchant record's size (riskgate's merchant "
          + "profile). Default: ${DEFAULT-VALUE}.")
  int floorMerchantBytes;

  @Option(names = "--floor-aligned",
      description = "Phase floor: the engine floor decides in event-time order as riskgate does (watermarks from "
          + "every upstream task, transactions held until all have passed them), so that the ratio measures "
          + "riskgate's own work without the price of its design.")
  boolean floorAligned;

  @Option(names = "--recovery-rate", defaultValue = "1000",
      description = "Phase recovery: the open-loop rate through the outage and the rebalance, tx/s. "
          + "Default: ${DEFAULT-VALUE}.")
  int recoveryRate;

  @Option(names = "--outage", defaultValue = "PT5M",
      description = "Phase recovery: how long the app is stopped while traffic keeps coming. Default: ${DEFAULT-VALUE}.")
  Duration outage;

  @Option(names = "--rebalance-duration", defaultValue = "PT2M",
      description = "Phase recovery: the span over which a second instance joins (at a quarter) and leaves (at three "
          + "quarters). Default: ${DEFAULT-VALUE}.")
  Duration rebalanceDuration;

  @Option(names = "--stall-timeout", defaultValue = "PT3M",
      description = "Fail when no decision arrives for this long. Default: ${DEFAULT-VALUE}.")
  Duration stallTimeout;

  @Option(names = "--smoke", description = "A short run for a busy machine: --raw-count 200000 --warmup-count 20000 "
      + "--count 60000 --rates 1000,2000 --latency-duration PT8S --latency-warmup PT2S --state-cards 10000,200000 "
      + "--state-count 100000 --floor-pairs 1 --outage PT30S --rebalance-duration PT40S (given options still win).")
  boolean smoke;

  boolean runs(String phase) {
    return phases.contains(phase);
  }
}
