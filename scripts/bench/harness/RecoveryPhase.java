import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The recovery phase, exactly_once_v2, traffic open-loop at --recovery-rate throughout:
 * <ul>
 *   <li>outage: the app is stopped for --outage while transactions keep coming, then started again with its state
 *       directory; reported: how long until its first decision, how fast the backlog is decided (transactions per
 *       second from the restart until decisions are again under a second late), and when that was;
 *   <li>rebalance: a second instance joins the group a quarter into --rebalance-duration and leaves at three
 *       quarters; reported: p50/p99/p99.9/max over the whole span, and the worst second.
 * </ul>
 */
final class RecoveryPhase {
  /** Decisions this late or less count as caught up. */
  private static final long CAUGHT_UP_MS = 1_000;
  private static final Duration BEFORE_OUTAGE = Duration.ofSeconds(30);

  private final BenchOptions options;
  private final Admin admin;
  private final KafkaProducer<String, byte[]> producer;
  private final SchemaRegistryClient registry;
  private final Consumer<String> summary;

  RecoveryPhase(BenchOptions options, Admin admin, KafkaProducer<String, byte[]> producer,
      SchemaRegistryClient registry, Consumer<String> summary) {
    this.options = options;
    this.admin = admin;
    this.producer = producer;
    this.registry = registry;
    this.summary = summary;
  }

  void run() throws Exception {
    String guarantee = StreamsConfig.EXACTLY_ONCE_V2;
    String name = "recovery";
    int rate = options.recoveryRate;
    System.out.printf("%n== phase recovery: %s at %,d tx/s: an outage of %s, then a rebalance over %s%n", guarantee,
        rate, options.outage, options.rebalanceDuration);
    Topics topics = RiskgateBench.provision(admin, registry, name, options);
    Preloader.load(producer, topics, RiskgateBench.generator(options.traffic.cards(), 0.01, options),
        options.warmupCount, options.traffic.cards(), options.cardInterval);
    AtomicReference<AppProcess> app = new AtomicReference<>(AppProcess.start(options, name, guarantee, List.of()));
    try (DecisionFeed feed = new DecisionFeed(options.bootstrap, topics.decisions().name())) {
      DrainThroughput.follow(feed, app.get(), 0, options.warmupCount, options.stallTimeout);
      OpenLoopLatency openLoop = new OpenLoopLatency(options, topics, producer);
      outage(openLoop, app, name, guarantee, rate);
      rebalance(openLoop, app, name, guarantee, rate);
    } finally {
      AppProcess last = app.get();
      if (last != null) {
        last.close();
      }
    }
  }

  private void outage(OpenLoopLatency openLoop, AtomicReference<AppProcess> app, String name, String guarantee,
      int rate) throws Exception {
    Duration restartAt = BEFORE_OUTAGE.plus(options.outage);
    Duration catchUpAllowance = options.outage.plus(Duration.ofMinutes(2));
    // sends go on through the whole allowance: once they stop, whatever is still waiting can only be decided late
    OpenLoopLatency.Result r = openLoop.run(rate, restartAt.plus(catchUpAllowance),
        options.outage.plus(options.maxBacklog), app::get, options.outage.plus(options.stallTimeout), List.of(
            new OpenLoopLatency.Action(BEFORE_OUTAGE, "stopping the app (SIGTERM)", () -> {
              app.getAndSet(null).close();
              return null;
            }),
            new OpenLoopLatency.Action(restartAt, "starting it again with its state directory", () -> {
              app.set(AppProcess.startInstance(options, name, name, guarantee));
              return null;
            })));
    long[][] perSecond = r.perSecond();
    int restart = (int) restartAt.toSeconds();
    int first = restart;
    while (first < perSecond.length && perSecond[first][0] == 0) {
      first++;
    }
    int caughtUp = first;
    long decided = 0;
    while (caughtUp < perSecond.length && (perSecond[caughtUp][0] == 0 || perSecond[caughtUp][1] > CAUGHT_UP_MS)) {
      decided += perSecond[caughtUp][0];
      caughtUp++;
    }
    String line;
    if (caughtUp >= perSecond.length || caughtUp - restart > catchUpAllowance.toSeconds()) {
      line = String.format("after a %s outage at %,d tx/s: first decision %s after the restart, not caught up "
          + "(decisions under %,d ms late) within %,d s", options.outage, rate,
          first < perSecond.length ? (first - restart) + " s" : "never", CAUGHT_UP_MS, catchUpAllowance.toSeconds());
    } else {
      line = String.format("after a %s outage at %,d tx/s (~%,d transactions waiting): first decision %d s after the "
          + "restart, caught up (decisions under %,d ms late) %d s after it: %,.0f tx/s decided while catching up",
          options.outage, rate, rate * options.outage.toSeconds(), first - restart, CAUGHT_UP_MS, caughtUp - restart,
          (double) decided / Math.max(1, caughtUp - first));
    }
    System.out.println("  " + line);
    summary.accept(line);
  }

  private void rebalance(OpenLoopLatency openLoop, AtomicReference<AppProcess> app, String name, String guarantee,
      int rate) throws Exception {
    Duration span = options.rebalanceDuration;
    AtomicReference<AppProcess> second = new AtomicReference<>();
    try {
      OpenLoopLatency.Result r = openLoop.run(rate, span, options.maxBacklog, app::get, options.stallTimeout,
          List.of(
              new OpenLoopLatency.Action(span.dividedBy(4), "a second instance joins", () -> {
                second.set(AppProcess.startInstance(options, name, name + "-second", guarantee));
                return null;
              }),
              new OpenLoopLatency.Action(span.multipliedBy(3).dividedBy(4), "the second instance leaves", () -> {
                second.getAndSet(null).close();
                return null;
              })));
      Histogram h = r.micros();
      long worst = 0;
      int worstSecond = 0;
      for (int s = 0; s < r.perSecond().length; s++) {
        if (r.perSecond()[s][1] > worst) {
          worst = r.perSecond()[s][1];
          worstSecond = s;
        }
      }
      String line = String.format("rebalance at %,d tx/s (an instance joins at %s, leaves at %s): p50 %.1f  p99 %.1f  "
          + "p99.9 %.1f  max %.1f ms over %s (first %s left out); worst at t=%d s", rate, span.dividedBy(4),
          span.multipliedBy(3).dividedBy(4), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
          h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, span, options.latencyWarmup, worstSecond);
      System.out.println("  " + line);
      summary.accept(line);
    } finally {
      AppProcess left = second.get();
      if (left != null) {
        left.close();
      }
    }
  }
}
