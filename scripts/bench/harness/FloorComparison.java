import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.topics.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The floor phase: riskgate against the engine floor ({@link EngineFloor}) on the same traffic, alternating, in
 * pairs (riskgate first in odd pairs, the floor first in even ones, so that a host that warms up or gets busier
 * over the phase does not favour one side). Each run has its own topics with the same pre-loaded transactions (same
 * seed), is drained for throughput and then measured open-loop at every rate. Reported per pair and as the median of
 * the per-pair ratios riskgate / floor with their spread: throughput (higher is better) and p50/p99/p99.9 latency at
 * each rate (lower is better).
 */
final class FloorComparison {
  /** One run's figures: throughput after warm-up, and per rate p50/p99/p99.9 in ms (null when it fell behind). */
  record Measured(double perSecond, String cpu, long rssMib, Map<Integer, double[]> latencyMs) {}

  private static final double[] PERCENTILES = {50, 99, 99.9};

  private final BenchOptions options;
  private final Admin admin;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, Object> producerProps;
  private final SchemaRegistryClient registry;
  private final Consumer<String> summary;
  private final int cardRecordBytes;
  private final int merchantRecordBytes;

  /** {@code measuredValueBytes}: mean value sizes by topic from riskgate's run in this benchmark, if there was one. */
  FloorComparison(BenchOptions options, Admin admin, KafkaProducer<String, byte[]> producer,
      Map<String, Object> producerProps, SchemaRegistryClient registry, Consumer<String> summary, Map<String, Double> measuredValueBytes) {
    this.options = options;
    this.admin = admin;
    this.producer = producer;
    this.producerProps = producerProps;
    this.registry = registry;
    this.summary = summary;
    this.cardRecordBytes = measured(measuredValueBytes, "-card-profile-store-changelog", options.floorCardBytes);
    this.merchantRecordBytes = measured(measuredValueBytes, "-merchant-profile-store-changelog",
        options.floorMerchantBytes);
  }

  private static int measured(Map<String, Double> valueBytes, String topicSuffix, int otherwise) {
    return valueBytes.entrySet().stream().filter(e -> e.getKey().endsWith(topicSuffix))
        .mapToInt(e -> (int) Math.round(e.getValue())).findFirst().orElse(otherwise);
  }

  void run(String guarantee) throws Exception {
    String shortName = guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) ? "eos" : "alos";
    System.out.printf("%n== phase floor: riskgate against the engine floor, %s, %d pairs, %,d transactions "
        + "pre-loaded per run (%,d warm-up), rates %s; floor records: card %d B, merchant %d B, hop as riskgate's%s%n",
        guarantee, options.floorPairs, options.warmupCount + options.count, options.warmupCount, options.rates,
        cardRecordBytes, merchantRecordBytes, options.floorAligned ? "; the floor aligned in event time" : "");
    List<Measured> ours = new ArrayList<>();
    List<Measured> floors = new ArrayList<>();
    for (int pair = 1; pair <= options.floorPairs; pair++) {
      boolean floorFirst = pair % 2 == 0;
      for (boolean floor : floorFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
        String name = (floor ? "floor-" : "rg-") + shortName + pair;
        Measured m = measure(name, guarantee, floor);
        (floor ? floors : ours).add(m);
      }
      System.out.printf("  pair %d, riskgate / floor: %s%n", pair,
          ratioLine(ours.get(pair - 1), floors.get(pair - 1)));
    }
    String head = String.format("%s, riskgate / engine floor%s, median of %d pairs (min-max):", guarantee,
        options.floorAligned ? " (aligned)" : "", options.floorPairs);
    System.out.println("  " + head);
    summary.accept(head);
    for (String line : medianLines(ours, floors)) {
      System.out.println("    " + line);
      summary.accept("    " + line);
    }
  }

  private Measured measure(String name, String guarantee, boolean floor) throws Exception {
    long total = options.warmupCount + options.count;
    Topics topics = RiskgateBench.provision(admin, registry, name, options);
    Preloader.load(producerProps, topics, RiskgateBench.generator(options.traffic.cards(), 0.01, options), total,
        options.traffic.cards(), options.cardInterval);
    try (DecisionFeed feed = new DecisionFeed(options.bootstrap, topics.decisions().name());
        AppProcess app = floor ? AppProcess.startFloor(options, name, guarantee, floorRecordSizes())
            : AppProcess.start(options, name, guarantee, List.of())) {
      DrainThroughput.Result drained = DrainThroughput.follow(feed, app, options.warmupCount, total,
          options.stallTimeout);
      long rss = app.rss().mib();
      Map<Integer, double[]> latency = new LinkedHashMap<>();
      OpenLoopLatency openLoop = new OpenLoopLatency(options, topics, producer);
      for (int rate : options.rates) {
        // at a given rate the CPU is mostly what the design costs per second whatever the traffic (progress
        // records, polls, commits): riskgate's and the floor's side by side
        CpuAccount cpu = new CpuAccount(app.pid());
        cpu.start();
        OpenLoopLatency.Result r = openLoop.run(rate, app);
        latency.put(rate, r.stoppedEarly() ? null : percentilesMs(r.micros()));
        System.out.println("    " + LatencyReport.line((floor ? "floor " : "riskgate ") + guarantee, r));
        System.out.println("      " + cpu.since(r.decided()));
      }
      System.out.printf("  %s: %,.0f tx/s after warm-up, RSS %,d MiB%n    %s%n", floor ? "floor" : "riskgate",
          drained.recordsPerSecond(), rss, drained.cpu());
      return new Measured(drained.recordsPerSecond(), drained.cpu(), rss, latency);
    }
  }

  private List<String> floorRecordSizes() {
    List<String> floorOptions = new ArrayList<>(List.of("--card-record-bytes", Integer.toString(cardRecordBytes),
        "--merchant-record-bytes", Integer.toString(merchantRecordBytes)));
    if (options.floorAligned) {
      floorOptions.add("--aligned");
    }
    return floorOptions;
  }

  private static double[] percentilesMs(Histogram h) {
    double[] ms = new double[PERCENTILES.length];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = h.getValueAtPercentile(PERCENTILES[i]) / 1000.0;
    }
    return ms;
  }

  private String ratioLine(Measured ours, Measured floor) {
    StringBuilder line = new StringBuilder(String.format("throughput %,.0f / %,.0f = %.2f", ours.perSecond(),
        floor.perSecond(), ours.perSecond() / floor.perSecond()));
    for (int rate : options.rates) {
      double[] a = ours.latencyMs().get(rate);
      double[] b = floor.latencyMs().get(rate);
      line.append(String.format("; %,d tx/s ", rate));
      if (a == null || b == null) {
        line.append(a == null ? "riskgate FELL BEHIND" : "floor FELL BEHIND");
        continue;
      }
      for (int i = 0; i < PERCENTILES.length; i++) {
        line.append(String.format("%sp%s %.1f / %.1f ms = %.2fx", i == 0 ? "" : ", ", label(PERCENTILES[i]), a[i],
            b[i], a[i] / b[i]));
      }
    }
    return line.toString();
  }

  private List<String> medianLines(List<Measured> ours, List<Measured> floors) {
    List<String> lines = new ArrayList<>();
    double[] throughput = new double[ours.size()];
    for (int i = 0; i < throughput.length; i++) {
      throughput[i] = ours.get(i).perSecond() / floors.get(i).perSecond();
    }
    lines.add("throughput " + spread(throughput) + " (target >= 0.70)");
    for (int rate : options.rates) {
      StringBuilder line = new StringBuilder(String.format("%,d tx/s:", rate));
      for (int p = 0; p < PERCENTILES.length; p++) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
          double[] a = ours.get(i).latencyMs().get(rate);
          double[] b = floors.get(i).latencyMs().get(rate);
          if (a != null && b != null) {
            ratios.add(a[p] / b[p]);
          }
        }
        line.append(String.format(" p%s %s", label(PERCENTILES[p]),
            ratios.isEmpty() ? "n/a (fell behind)" : spread(ratios.stream().mapToDouble(Double::doubleValue)
                .toArray()) + "x"));
      }
      lines.add(line + " (target p99 <= 1.5x)");
    }
    return lines;
  }

  private static String label(double percentile) {
    return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
  }

  /** "0.81 (0.78-0.86)": the median (of an even count, the mean of the middle two) and the range. */
  static String spread(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return String.format("%.2f (%.2f-%.2f)", median, sorted[0], sorted[n - 1]);
  }
}
