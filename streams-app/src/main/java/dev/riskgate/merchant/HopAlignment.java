package dev.riskgate.merchant;

import dev.riskgate.screening.HopRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Puts the transactions a merchant partition receives from every card task back into event-time order. Each card
 * task sends its transactions in its own input order, interleaved with those of the other card tasks in whatever
 * order they arrive; each also tells how far it has come in event time (a watermark: it will send nothing earlier).
 * A transaction is held ({@code buffer}, changelogged, so a restart loses nothing) until every card task has passed
 * its event time, then released in the order of its {@link HopRecord#alignmentKey}: event time, transactionId, where it
 * was read. So the merchant side folds a merchant's transactions in the same order live, replayed at any pace and
 * offline.
 *
 * <p>A card task that has said nothing for {@code idleTimeoutMs} (not running: a failure, a rebalance) stops holding
 * the others back, counted while the merchant side itself runs ({@link #OWN_GAP_MS}); when every card task has said it is quiet (nothing to screen for {@link #HopRecord.QUIET_MS}, as it judges
 * after processing what it was given: the end of a replay, or a replay waiting for a status change to apply),
 * everything up to the furthest of them is released. A quiet task is quiet until its next word. A transaction that arrives after the merchant side released
 * past its event time is late and is processed on arrival, counted. Watermarks are kept per card task, with the time
 * released through under {@link #RELEASED}, in memory, and written to {@code watermarks} at most every
 * {@link #PERSIST_EVERY_MS}: under exactly-once a store written on every word touched its changelog in nearly every
 * commit, and each partition a commit touches costs a batch and a marker. Restored a little behind, they hold nothing
 * back for long (each card task speaks again every {@link HopRecord#WATERMARK_INTERVAL}); they release nothing that
 * was not releasable before the restart; and a transaction older than the restored release point is held and released
 * in order with the others rather than counted late.
 *
 * <p>Live traffic (the newest watermark within {@link #HopRecord.LIVE_HORIZON_MS} of the wall clock) is not held back by a card
 * task with nothing to say: one that has not moved for {@link #HopRecord.LIVE_GRACE_MS} (no traffic on its partition, or none
 * yet) counts as having reached the wall clock less that grace. A replay's event times are far from the wall clock,
 * so a replay waits for every card task.
 */
public final class HopAlignment {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HopAlignment.class);
  /**
   * A live transaction held this long is logged with who held it back (each card task's progress and when it was
   * last heard from), at most once per {@link #SLOW_LOG_EVERY_MS} per task: a silence of the card tasks shows there.
   */
  static final long SLOW_HOLD_MS = 400;
  private static final long SLOW_LOG_EVERY_MS = 10_000;
  private static final HopRecord.Serde HOP = new HopRecord.Serde();
  static final int RELEASED = -1;
  /**
   * A gap this long between two of the merchant side's own turns (the instance paused, its thread stalled) means it
   * could not hear the card tasks meanwhile: the gap is not counted as their silence.
   */
  static final long OWN_GAP_MS = 5_000;
  private final KeyValueStore<Bytes, byte[]> buffer;
  /**
   * The keys of the held transactions, in release order: the buffer (changelogged) is the truth, this its index, so a
   * release walks only what it releases. A range read of the cached buffer copied every key in the record cache below
   * the bound, deleted ones included, on every record and every watermark interval: with the cache flushed only every
   * 30 s under at_least_once that grew into most of the merchant side's time.
   */
  private final java.util.TreeMap<Bytes, Held> heldKeys = new java.util.TreeMap<>();

  /**
   * When a held transaction arrived (wall clock; for one restored, the restart), and the hop record as decoded on
   * arrival: released, it is decided from that rather than decoded again (null when restored, or held as bytes).
   */
  private record Held(long arrivedMs, HopRecord decoded) {}

  /**
   * Held transactions kept decoded at most per task. Live, a few hundred are held for tens of milliseconds and die
   * young; a replay waiting for a slow card task holds tens of thousands for seconds, and decoded objects held that
   * long are copied into the old generation, which costs the collector more than decoding again (~160 ns) saves.
   */
  static final int DECODED_LIMIT = 1_024;
  /** Told when each transaction arrives and how long it was held (from the restart for one restored). */
  private dev.riskgate.screening.ScreeningRecorder timing = dev.riskgate.screening.ScreeningRecorder.NONE;
  /** Which side and partition this is, for the slow-hold log; null: not logged. */
  private String name;
  private long slowLoggedMs = Long.MIN_VALUE;
  private final KeyValueStore<Integer, Long> watermarks;
  private final int upstreams;
  private final long idleTimeoutMs;
  /** The card tasks whose last word was that they are quiet (not kept: after a restart, until they say it again). */
  private final java.util.Set<Integer> quiet = new java.util.HashSet<>();
  /** The card tasks no longer waited for, silent past the timeout, until their next word; and whom to tell. */
  private final java.util.Set<Integer> givenUp = new java.util.HashSet<>();
  private final java.util.function.IntConsumer onGivenUp;
  /** Wall-clock time each card task's watermark last advanced (not kept: after a restart, the restart time). */
  private final Map<Integer, Long> lastHeard = new HashMap<>();
  /** The watermarks, read on every release: the truth while running; the store holds them as of its last write. */
  private final Map<Integer, Long> marks = new HashMap<>();
  /** How often the watermarks in memory are written to the store (and so to its changelog). */
  static final long PERSIST_EVERY_MS = 1_000;
  private long persistedMs = Long.MIN_VALUE;
  private boolean unpersisted;
  private final long startedMs;
  private long lastTurnMs;

  public HopAlignment(KeyValueStore<Bytes, byte[]> buffer, KeyValueStore<Integer, Long> watermarks, int upstreams,
      long idleTimeoutMs, long nowMs) {
    this(buffer, watermarks, upstreams, idleTimeoutMs, nowMs, upstream -> { });
  }

  /** {@code onGivenUp} is told each card task the merchant side stops waiting for (a metric counts them). */
  public HopAlignment(KeyValueStore<Bytes, byte[]> buffer, KeyValueStore<Integer, Long> watermarks, int upstreams,
      long idleTimeoutMs, long nowMs, java.util.function.IntConsumer onGivenUp) {
    this.onGivenUp = onGivenUp;
    this.buffer = buffer;
    this.watermarks = watermarks;
    this.upstreams = upstreams;
    this.idleTimeoutMs = idleTimeoutMs;
    this.startedMs = nowMs;
    this.lastTurnMs = nowMs;
    try (KeyValueIterator<Integer, Long> stored = watermarks.all()) {
      stored.forEachRemaining(kv -> marks.put(kv.key, kv.value));
    }
    try (KeyValueIterator<Bytes, byte[]> held = buffer.all()) {
      held.forEachRemaining(kv -> heldKeys.put(kv.key, new Held(nowMs, null)));
    }
  }

  /**
   * Tells {@code timing} when each transaction arrives and how long it was held (metrics), and logs a live
   * transaction held past {@link #SLOW_HOLD_MS} under {@code name} (which side and partition).
   */
  public HopAlignment reportingTo(dev.riskgate.screening.ScreeningRecorder timing, String name) {
    this.timing = timing;
    this.name = name;
    return this;
  }

  /**
   * Card task {@code upstream} will send nothing with an event time before {@code eventTime}; {@code isQuiet}: and it
   * has had nothing to screen for a while (false for a transaction).
   */
  public void advance(int upstream, long eventTime, boolean isQuiet, long nowMs) {
    turn(nowMs);
    Long current = marks.get(upstream);
    if (current == null || eventTime > current) {
      marks.put(upstream, eventTime);
      unpersisted = true;
      maybePersist(nowMs);
    }
    // any word counts: a task sending records older than its newest (a backfill) is not silent
    lastHeard.put(upstream, nowMs);
    givenUp.remove(upstream);
    if (isQuiet) {
      quiet.add(upstream);
    } else {
      quiet.remove(upstream);
    }
  }

  /**
   * A hop record as it crossed the topic: an upstream's progress, or a transaction, held until every upstream has
   * passed its event time, or decided at once when the side has released past it already ({@code late} is told, unless
   * it is a retry: a retry carries its original's event time, often long past, and gets its original's answer in any
   * order); then whatever is ready is decided, in release order.
   */
  public void take(byte[] value, long nowMs, Consumer<HopRecord> decide, Runnable late) {
    HopRecord hop = HOP.deserialize(null, value);
    advance(hop.upstream, hop.eventTime, hop.quiet, nowMs);
    if (!hop.isWatermark()) {
      if (!hop.retry) {
        timing.hopArrived(hop.eventTime, nowMs);
      }
      byte[] key = hop.alignmentKey();
      if (isLate(HopRecord.timeOfKey(key))) {
        if (!hop.retry) {
          late.run();
        }
        decide.accept(hop);
      } else {
        hold(Bytes.wrap(key), value, hop, nowMs);
      }
    }
    releaseReady(nowMs, decide);
  }

  /** Decides the held transactions every upstream has passed, in release order. */
  public void releaseReady(long nowMs, Consumer<HopRecord> decide) {
    release(nowMs, (value, decoded) -> decide.accept(decoded != null ? decoded : HOP.deserialize(null, value)));
  }

  /** The event time before which every held transaction is released, {@link Long#MIN_VALUE} before the first. */
  long released() {
    Long released = marks.get(RELEASED);
    return released == null ? Long.MIN_VALUE : released;
  }

  /** Whether every upstream's last word was that it is quiet. */
  boolean upstreamsQuiet() {
    return quiet.size() == upstreams;
  }

  /** Whether a transaction at {@code time} comes after the merchant side released past it. */
  public boolean isLate(long time) {
    Long released = marks.get(RELEASED);
    return released != null && time < released;
  }

  public void hold(byte[] key, byte[] value, long nowMs) {
    hold(Bytes.wrap(key), value, null, nowMs);
  }

  private void hold(Bytes key, byte[] value, HopRecord decoded, long nowMs) {
    buffer.put(key, value);
    heldKeys.put(key, new Held(nowMs, heldKeys.size() < DECODED_LIMIT ? decoded : null));
  }

  /**
   * The held transactions every card task has passed, in release order, removed from the buffer. {@code nowMs}
   * (wall clock) decides which card tasks are idle.
   */
  public List<byte[]> release(long nowMs) {
    List<byte[]> released = new ArrayList<>();
    release(nowMs, (value, decoded) -> released.add(value));
    return released;
  }

  /** As {@link #release(long)}, each released transaction handed to {@code to} with its hop record if decoded. */
  private void release(long nowMs, java.util.function.BiConsumer<byte[], HopRecord> to) {
    turn(nowMs);
    long newest = highestWatermark();
    boolean live = newest != Long.MIN_VALUE && newest >= nowMs - HopRecord.LIVE_HORIZON_MS;
    long through = Long.MAX_VALUE;
    boolean anyActive = false;
    boolean allQuiet = true;
    for (int upstream = 0; upstream < upstreams; upstream++) {
      Long mark = marks.get(upstream);
      long silentFor = nowMs - lastHeard.getOrDefault(upstream, startedMs);
      if (silentFor > idleTimeoutMs) {
        if (givenUp.add(upstream)) {
          onGivenUp.accept(upstream);
        }
        continue; // idle: its next transactions, if earlier than what is released by then, will be late
      }
      long passed = mark == null ? Long.MIN_VALUE : mark;
      if (live && silentFor > HopRecord.LIVE_GRACE_MS) {
        passed = Math.max(passed, nowMs - HopRecord.LIVE_GRACE_MS);
      }
      anyActive = true;
      allQuiet &= quiet.contains(upstream);
      through = Math.min(through, passed);
    }
    if (!anyActive || allQuiet) {
      through = newest;
    }
    if (through == Long.MIN_VALUE) {
      return;
    }
    // keys order by event time first: those before the first key at `through` are the ones it has passed
    java.util.SortedMap<Bytes, Held> ready = heldKeys.headMap(Bytes.wrap(HopRecord.firstKeyAt(through)));
    List<byte[]> values = new ArrayList<>();
    List<HopRecord> decoded = new ArrayList<>();
    long longest = 0;
    for (Map.Entry<Bytes, Held> held : ready.entrySet()) {
      values.add(buffer.delete(held.getKey()));
      decoded.add(held.getValue().decoded());
      long heldMs = nowMs - held.getValue().arrivedMs();
      timing.hopHeld(heldMs);
      longest = Math.max(longest, heldMs);
    }
    // live only: a replay's transactions wait for the slowest card task by design
    if (name != null && live && longest >= SLOW_HOLD_MS
        && (slowLoggedMs == Long.MIN_VALUE || nowMs - slowLoggedMs >= SLOW_LOG_EVERY_MS)) {
      slowLoggedMs = nowMs;
      logSlowHold(longest, nowMs, through);
    }
    ready.clear();
    Long before = marks.get(RELEASED);
    if (before == null || through > before) {
      marks.put(RELEASED, through);
      unpersisted = true;
    }
    maybePersist(nowMs);
    for (int i = 0; i < values.size(); i++) {
      to.accept(values.get(i), decoded.get(i));
    }
  }

  /**
   * Writes every watermark to the store once any has moved since the last write, at most every
   * {@link #PERSIST_EVERY_MS} of wall clock (a wall clock that went back writes at once).
   */
  private void maybePersist(long nowMs) {
    if (unpersisted
        && (persistedMs == Long.MIN_VALUE || nowMs - persistedMs >= PERSIST_EVERY_MS || nowMs < persistedMs)) {
      persistedMs = nowMs;
      unpersisted = false;
      marks.forEach(watermarks::put);
    }
  }

  /** Who held back a transaction for {@code heldMs}: each card task's word, how far it had come, and when. */
  private void logSlowHold(long heldMs, long nowMs, long through) {
    StringBuilder upstreamState = new StringBuilder();
    for (int upstream = 0; upstream < upstreams; upstream++) {
      Long mark = marks.get(upstream);
      upstreamState.append(String.format(" [%d: %s ms behind the wall clock, heard %d ms ago%s]", upstream,
          mark == null ? "nothing" : Long.toString(nowMs - mark), nowMs - lastHeard.getOrDefault(upstream, startedMs),
          quiet.contains(upstream) ? ", quiet" : ""));
    }
    log.info("{}: a transaction waited {} ms for every upstream task to pass its event time; released through {} ms"
        + " before the wall clock; upstream tasks:{}", name, heldMs, nowMs - through, upstreamState);
  }

  /**
   * A gap in the merchant side's own turns does not count as the card tasks' silence: each one's last word moves
   * forward by the gap (one already given up stays so).
   */
  private void turn(long nowMs) {
    long gap = nowMs - lastTurnMs;
    if (gap > OWN_GAP_MS) {
      for (int upstream = 0; upstream < upstreams; upstream++) {
        lastHeard.put(upstream, lastHeard.getOrDefault(upstream, startedMs) + gap);
      }
    }
    lastTurnMs = Math.max(lastTurnMs, nowMs);
  }

  /** With every card task idle or quiet, all of them have said all they will say for now: up to the newest word. */
  private long highestWatermark() {
    long highest = Long.MIN_VALUE;
    for (int upstream = 0; upstream < upstreams; upstream++) {
      Long mark = marks.get(upstream);
      if (mark != null) {
        highest = Math.max(highest, mark);
      }
    }
    return highest;
  }
}
