package dev.riskgate.features;

import dev.riskgate.schema.MerchantFeatures;
import dev.riskgate.schema.TerminalProbe;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The merchant-keyed state, in one record: when the merchant was first seen and how many transactions since, its
 * traffic by local hour of day (the night profile), the last hour in five-minute buckets (the spike), and its last
 * {@link #RING} transactions (time, terminal, card, small or not) for the distinct cards probing a terminal within
 * minutes (BIN attack). A busy merchant's ring covers less than the 10-minute window: its counts are then a floor.
 */
public final class MerchantProfile {
  static final int RING = 64;
  private static final long PROBE_WINDOW = 10 * 60_000L;
  private static final long BUCKET = 5 * 60_000L;
  private static final int BUCKETS = 12;
  /** Past this many counted transactions the hour-of-day counts halve, so the profile follows new opening hours. */
  private static final int HOUR_OF_DAY_MEMORY = 20_000;
  private static final byte FORMAT = 3;
  /** Distinct small-amount cards from which a terminal is reported as probed. */
  private static final int PROBE_CARDS = 2;

  long firstSeen = Long.MAX_VALUE;
  long newest = Long.MIN_VALUE;
  long transactionsSeen;
  final int[] hourOfDay = new int[24];
  int hourOfDayTotal;
  long newestBucket = Long.MIN_VALUE;
  final int[] bucketCounts = new int[BUCKETS];
  final float[] bucketSums = new float[BUCKETS];
  final long[] recentTimes = new long[RING];
  final String[] recentTerminals = new String[RING];
  /** Each slot's terminal id as UTF-8 once encoded or decoded (null until needed): toBytes runs per transaction. */
  private final byte[][] recentTerminalBytes = new byte[RING][];
  final int[] recentCards = new int[RING];
  final boolean[] recentSmall = new boolean[RING];
  int recentSize;
  int recentNext;
  long lastPublished = Long.MIN_VALUE;
  int lastProbeSignature;

  /** Folds one screened transaction in. */
  public void add(MerchantActivity a) {
    long t = a.eventTime();
    firstSeen = Math.min(firstSeen, t);
    newest = Math.max(newest, t);
    transactionsSeen++;
    countHourOfDay(a.localHour());
    countInBucket(t, a.amount());
    recentTimes[recentNext] = t;
    int known = slotOf(a.terminalId());
    recentTerminals[recentNext] = known < 0 ? a.terminalId() : recentTerminals[known];
    recentTerminalBytes[recentNext] = known < 0 ? null : recentTerminalBytes[known];
    recentCards[recentNext] = a.cardHash();
    recentSmall[recentNext] = a.tiny();
    recentNext = (recentNext + 1) % RING;
    recentSize = Math.min(recentSize + 1, RING);
  }

  private void countHourOfDay(int hour) {
    hourOfDay[Math.floorMod(hour, 24)]++;
    if (++hourOfDayTotal > HOUR_OF_DAY_MEMORY) {
      hourOfDayTotal = 0;
      for (int h = 0; h < 24; h++) {
        hourOfDay[h] /= 2;
        hourOfDayTotal += hourOfDay[h];
      }
    }
  }

  private void countInBucket(long t, float amount) {
    long bucket = Math.floorDiv(t, BUCKET);
    if (newestBucket != Long.MIN_VALUE && bucket <= newestBucket - BUCKETS) {
      return; // older than the hour the buckets hold
    }
    if (bucket > newestBucket) {
      long cleared = newestBucket == Long.MIN_VALUE ? BUCKETS : Math.min(BUCKETS, bucket - newestBucket);
      for (long b = bucket - cleared + 1; b <= bucket; b++) {
        int i = Math.floorMod(b, BUCKETS);
        bucketCounts[i] = 0;
        bucketSums[i] = 0;
      }
      newestBucket = bucket;
    }
    int i = Math.floorMod(bucket, BUCKETS);
    bucketCounts[i]++;
    bucketSums[i] += amount;
  }

  /** Whether no transaction was folded in yet (a merchant never seen, or forgotten after the idle TTL). */
  public boolean isEmpty() {
    return transactionsSeen == 0;
  }

  /** The features as of the newest transaction folded in. */
  public MerchantFeatures features(String merchantId) {
    int count1h = 0;
    double sum1h = 0;
    for (int i = 0; i < BUCKETS; i++) {
      count1h += bucketCounts[i];
      sum1h += bucketSums[i];
    }
    int night = 0;
    for (int h = 0; h < 6; h++) {
      night += hourOfDay[h];
    }
    double nightShare = hourOfDayTotal == 0 ? 0 : (double) night / hourOfDayTotal;
    Probe merchant = probe(null);
    return new MerchantFeatures(merchantId, Instant.ofEpochMilli(newest), Instant.ofEpochMilli(firstSeen),
        transactionsSeen, nightShare, count1h, sum1h, merchant.smallCards, merchant.smallShare(), probedTerminals());
  }

  /** Whether the merchant's features must be published now: first sight, a minute since the last, a probe change. */
  public boolean shouldPublish(MerchantFeatures features, long minInterval) {
    // card counts only: a share moves with every payment and would publish every one at a busy terminal
    int signature = features.getSmallAmountCards10m() < PROBE_CARDS ? 0 : features.getSmallAmountCards10m();
    for (TerminalProbe probe : features.getProbedTerminals()) {
      signature = 31 * (31 * signature + probe.getTerminalId().hashCode()) + probe.getSmallAmountCards10m();
    }
    boolean due = lastPublished == Long.MIN_VALUE || newest - lastPublished >= minInterval
        || signature != lastProbeSignature;
    if (due) {
      lastPublished = newest;
      lastProbeSignature = signature;
    }
    return due;
  }

  /** Within 10 minutes on one terminal or (null) any: distinct cards that paid under 2.00, small and all payments. */
  private record Probe(int smallCards, int small, int all) {
    double smallShare() {
      return all == 0 ? 0 : (double) small / all;
    }
  }

  private Probe probe(String terminal) {
    int[] seen = new int[RING];
    int distinct = 0;
    int small = 0;
    int all = 0;
    for (int i = 0; i < recentSize; i++) {
      long age = newest - recentTimes[i];
      if (age < 0 || age >= PROBE_WINDOW || (terminal != null && !terminal.equals(recentTerminals[i]))) {
        continue;
      }
      all++;
      if (recentSmall[i]) {
        small++;
        distinct = DistinctInts.add(seen, distinct, recentCards[i]);
      }
    }
    return new Probe(distinct, small, all);
  }

  private List<TerminalProbe> probedTerminals() {
    List<TerminalProbe> probes = new ArrayList<>(0);
    List<String> done = new ArrayList<>(2);
    for (int i = 0; i < recentSize; i++) {
      String terminal = recentTerminals[i];
      if (!recentSmall[i] || newest - recentTimes[i] >= PROBE_WINDOW || done.contains(terminal)) {
        continue;
      }
      done.add(terminal);
      Probe probe = probe(terminal);
      if (probe.smallCards >= PROBE_CARDS) {
        probes.add(new TerminalProbe(terminal, probe.smallCards, probe.smallShare()));
      }
    }
    probes.sort((a, b) -> a.getTerminalId().compareTo(b.getTerminalId()));
    return probes;
  }

  public byte[] toBytes() {
    // terminal ids once each, then an index per remembered transaction: a merchant has few terminals
    List<byte[]> names = new ArrayList<>();
    String[] distinct = new String[RING];
    int namesBytes = 0;
    byte[] index = new byte[recentSize];
    for (int i = 0; i < recentSize; i++) {
      int at = indexOf(distinct, names.size(), recentTerminals[i]);
      if (at < 0) {
        at = names.size();
        distinct[at] = recentTerminals[i];
        byte[] name = recentTerminalBytes[i];
        if (name == null) {
          name = recentTerminals[i].getBytes(StandardCharsets.UTF_8);
          recentTerminalBytes[i] = name;
        }
        names.add(name);
        namesBytes += 2 + name.length;
      }
      index[i] = (byte) at;
    }
    ByteBuffer b = ByteBuffer.allocate(1 + 8 * 3 + 24 * 4 + 4 + 8 + BUCKETS * 8 + 4 + 4 + 1 + namesBytes
        + recentSize * (8 + 4 + 1 + 1) + 8 + 4);
    b.put(FORMAT).putLong(firstSeen).putLong(newest).putLong(transactionsSeen);
    for (int h = 0; h < 24; h++) {
      b.putInt(hourOfDay[h]);
    }
    b.putInt(hourOfDayTotal).putLong(newestBucket);
    for (int i = 0; i < BUCKETS; i++) {
      b.putInt(bucketCounts[i]).putFloat(bucketSums[i]);
    }
    b.putInt(recentSize).putInt(recentNext).put((byte) names.size());
    for (byte[] name : names) {
      b.putShort((short) name.length).put(name);
    }
    for (int i = 0; i < recentSize; i++) {
      b.putLong(recentTimes[i]).putInt(recentCards[i]).put(index[i]).put((byte) (recentSmall[i] ? 1 : 0));
    }
    b.putLong(lastPublished).putInt(lastProbeSignature);
    return b.array();
  }

  /** The ring slot holding a terminal id equal to {@code terminal}, or -1: equal terminals then share one object. */
  private int slotOf(String terminal) {
    for (int back = 1; back <= recentSize; back++) {
      int slot = Math.floorMod(recentNext - back, RING);
      if (recentTerminals[slot].equals(terminal)) {
        return slot;
      }
    }
    return -1;
  }

  /**
   * Position of {@code terminal} among the first {@code count} of {@code names}, or -1. Identity first: a decoded
   * profile's entries share one String per terminal, so equals (a byte compare) is needed only for a new arrival.
   */
  private static int indexOf(String[] names, int count, String terminal) {
    for (int n = 0; n < count; n++) {
      if (names[n] == terminal) {
        return n;
      }
    }
    for (int n = 0; n < count; n++) {
      if (names[n].equals(terminal)) {
        return n;
      }
    }
    return -1;
  }

  /** Event time of the newest transaction folded in, as {@link #newestTimeOf} reads it from the encoded profile. */
  public long newestTime() {
    return newest;
  }

  /** Event time of a stored profile's newest transaction, read without decoding the rest of it. */
  public static long newestTimeOf(byte[] bytes) {
    return bytes[0] == FORMAT ? ByteBuffer.wrap(bytes).getLong(1 + 8) : Long.MIN_VALUE;
  }

  public static MerchantProfile fromBytes(byte[] bytes) {
    MerchantProfile p = new MerchantProfile();
    if (bytes == null) {
      return p;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte format = b.get();
    if (format != FORMAT) {
      return p; // an older layout: start the merchant afresh rather than fail the partition
    }
    p.firstSeen = b.getLong();
    p.newest = b.getLong();
    p.transactionsSeen = b.getLong();
    for (int h = 0; h < 24; h++) {
      p.hourOfDay[h] = b.getInt();
    }
    p.hourOfDayTotal = b.getInt();
    p.newestBucket = b.getLong();
    for (int i = 0; i < BUCKETS; i++) {
      p.bucketCounts[i] = b.getInt();
      p.bucketSums[i] = b.getFloat();
    }
    p.recentSize = b.getInt();
    p.recentNext = b.getInt();
    String[] names = new String[b.get()];
    byte[][] nameBytes = new byte[names.length][];
    for (int n = 0; n < names.length; n++) {
      nameBytes[n] = new byte[b.getShort()];
      b.get(nameBytes[n]);
      names[n] = new String(nameBytes[n], StandardCharsets.UTF_8);
    }
    for (int i = 0; i < p.recentSize; i++) {
      p.recentTimes[i] = b.getLong();
      p.recentCards[i] = b.getInt();
      int name = b.get();
      p.recentTerminals[i] = names[name];
      p.recentTerminalBytes[i] = nameBytes[name];
      p.recentSmall[i] = b.get() == 1;
    }
    p.lastPublished = b.getLong();
    p.lastProbeSignature = b.getInt();
    return p;
  }
}
