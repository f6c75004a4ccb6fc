import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Transaction;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Phase 3: open-loop latency at one fixed rate. The sender follows a fixed schedule whatever happens downstream and
 * sets each transaction's eventTime to its intended send time; the decision carries that eventTime, so latency is
 * measured from when the transaction should have been sent to when a read_committed consumer sees its decision.
 * A sender that falls behind therefore adds its delay to the figures instead of hiding it (coordinated omission).
 * The schedule runs on for {@link #RUN_OUT} past the measured part, as live traffic would.
 */
final class OpenLoopLatency {
  /**
   * {@code perSecond}: per second since the schedule started, {decisions seen, their highest latency in ms}: how a
   * run went through an outage or a rebalance.
   */
  record Result(int rate, long planned, long sent, long decided, boolean stoppedEarly, double maxSenderLagMs,
      Histogram micros, Histogram tinyMicros, long[][] perSecond) {}

  /**
   * Sent after the measured schedule at the same rate, not measured: a live stream does not end, and when it does the
   * last transactions wait for the card tasks' live grace (500 ms), which was every run's maximum and p99.9 at 1,000
   * tx/s.
   */
  static final java.time.Duration RUN_OUT = java.time.Duration.ofSeconds(1);

  /** Something done to the app while the schedule runs, {@code at} after it started (on a thread of its own). */
  record Action(java.time.Duration at, String what, java.util.concurrent.Callable<Void> action) {}

  private final BenchOptions options;
  private final Topics topics;
  private final KafkaProducer<String, byte[]> producer;

  OpenLoopLatency(BenchOptions options, Topics topics, KafkaProducer<String, byte[]> producer) {
    this.options = options;
    this.topics = topics;
    this.producer = producer;
  }

  Result run(int rate, AppProcess app) throws Exception {
    return run(rate, options.latencyDuration, options.maxBacklog, () -> app, options.stallTimeout, List.of());
  }

  /**
   * Sends at {@code rate} for {@code duration}, doing {@code actions} on the way; {@code app} is the app checked for
   * being alive (an action may replace it, or stop it: null); {@code stall}: fail after this long without a decision.
   */
  Result run(int rate, java.time.Duration duration, java.time.Duration maxBacklog,
      java.util.function.Supplier<AppProcess> app, java.time.Duration stall, List<Action> actions) throws Exception {
    String runId = TrafficGenerator.Settings.newRunId();
    TrafficGenerator generator = new TrafficGenerator(
        options.traffic.settings(0, 0.0, runId));
    String ours = "tx_" + runId + "_";
    long planned = rate * duration.toSeconds();
    long scheduled = planned + rate * RUN_OUT.toMillis() / 1_000;
    long periodNanos = 1_000_000_000L / rate;
    long anchorMillis = System.currentTimeMillis();
    long anchorNanos = System.nanoTime();
    long startNanos = anchorNanos + 500_000_000L;
    long warmupEndMillis = anchorMillis + 500 + options.latencyWarmup.toMillis();
    long measuredEndMillis = anchorMillis + 500 + duration.toMillis();
    long backlogLimit = rate * maxBacklog.toSeconds();
    long[][] perSecond = new long[(int) duration.plus(RUN_OUT).toSeconds() + (int) stall.toSeconds() + 60][2];
    Histogram histogram = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    // tiny payments take one more hop and wait once more (the area side): their share of the tail, apart
    Histogram tinyHistogram = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    java.util.Set<String> tinyIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicLong sent = new AtomicLong();
    AtomicLong decided = new AtomicLong();
    AtomicBoolean senderDone = new AtomicBoolean();
    AtomicBoolean stoppedEarly = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<Exception> actionFailure =
        new java.util.concurrent.atomic.AtomicReference<>();
    double[] maxLagMs = new double[1];
    String topic = topics.transactions().name();
    Serializer<Transaction> serializer = topics.transactions().valueSerde().serializer();
    Deserializer<Decision> decisions = topics.decisions().valueSerde().deserializer();
    try (DecisionFeed feed = new DecisionFeed(options.bootstrap, topics.decisions().name())) {
      Thread sender = new Thread(() -> {
        try {
          for (long i = 0; i < scheduled; i++) {
            long intended = startNanos + i * periodNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            } else {
              maxLagMs[0] = Math.max(maxLagMs[0], -wait / 1e6);
            }
            if (sent.get() - decided.get() > backlogLimit) {
              stoppedEarly.set(true);
              break;
            }
            long eventMillis = anchorMillis + (intended - anchorNanos) / 1_000_000;
            if (generator.next(eventMillis) instanceof TrafficGenerator.TransactionEvent event) {
              Transaction tx = event.transaction();
              if (EngineFloor.isTiny(tx)) { // decided one hop further, by its area
                tinyIds.add(tx.getTransactionId());
              }
              producer.send(new ProducerRecord<>(topic, null, eventMillis, tx.getCardToken(),
                  serializer.serialize(topic, tx)), Preloader::failOnError);
              sent.incrementAndGet();
            }
          }
        } finally {
          senderDone.set(true);
        }
      }, "open-loop-sender");
      sender.start();
      Thread actor = new Thread(() -> {
        try {
          for (Action action : actions) {
            long wait = startNanos + action.at().toNanos() - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // a schedule, not a synchronisation
            }
            System.out.printf("    t=%.0fs %s%n", (System.nanoTime() - startNanos) / 1e9, action.what());
            action.action().call();
          }
        } catch (Exception e) {
          actionFailure.set(e);
        }
      }, "open-loop-actions");
      actor.start();
      feed.follow(record -> {
        Decision decision = decisions.deserialize(topics.decisions().name(), record.value());
        if (!decision.getTransactionId().startsWith(ours)) {
          return;
        }
        decided.incrementAndGet();
        long eventMillis = decision.getEventTime().toEpochMilli();
        long nowNanos = System.nanoTime();
        long latencyMicros = anchorMillis * 1_000 + (nowNanos - anchorNanos) / 1_000 - eventMillis * 1_000;
        boolean tiny = tinyIds.remove(decision.getTransactionId());
        if (eventMillis >= warmupEndMillis && eventMillis < measuredEndMillis) {
          histogram.recordValue(Math.min(latencyMicros, histogram.getHighestTrackableValue()));
          if (tiny) {
            tinyHistogram.recordValue(Math.min(latencyMicros, tinyHistogram.getHighestTrackableValue()));
          }
        }
        int second = (int) Math.min(perSecond.length - 1, Math.max(0, (nowNanos - startNanos) / 1_000_000_000L));
        perSecond[second][0]++;
        perSecond[second][1] = Math.max(perSecond[second][1], latencyMicros / 1_000);
      }, () -> senderDone.get() && decided.get() >= sent.get(), stall, () -> {
        if (actionFailure.get() != null) {
          throw new IllegalStateException("an action on the app failed", actionFailure.get());
        }
        AppProcess current = app.get();
        if (current != null) { // null while an action has it stopped
          current.requireAlive();
        }
      });
      sender.join();
      actor.join();
    }
    Preloader.requireNoSendFailure();
    return new Result(rate, scheduled, sent.get(), decided.get(), stoppedEarly.get(), maxLagMs[0], histogram,
        tinyHistogram, perSecond);
  }
}
