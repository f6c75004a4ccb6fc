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
 * {@link #RING} small-amount payments (terminal, card) for the distinct cards probing it within minutes (BIN attack).
 */
public final class MerchantProfile {
  static final int RING = 48;
  /** Reference-currency amount under which a payment counts as small (a probe of stolen card data). */
  public static final double SMALL_AMOUNT = 2.0;
  private static final long PROBE_WINDOW = 10 * 60_000L;
  private static final long BUCKET = 5 * 60_000L;
  private static final int BUCKETS = 12;
  /** Past this many counted transactions the hour-of-day counts halve, so the profile follows new opening hours. */
  private static final int HOUR_OF_DAY_MEMORY = 20_000;
  private static final byte FORMAT = 2;

  long firstSeen = Long.MAX_VALUE;
  long newest = Long.MIN_VALUE;
  long transactionsSeen;
  final int[] hourOfDay = new int[24];
  int hourOfDayTotal;
  long newestBucket = Long.MIN_VALUE;
  final int[] bucketCounts = new int[BUCKETS];
  final float[] bucketSums = new float[BUCKETS];
  final long[] smallTimes = new long[RING];
  final String[] smallTerminals = new String[RING];
  final int[] smallCards = new int[RING];
  int smallSize;
  int smallNext;
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
    if (a.amount() < SMALL_AMOUNT) {
      smallTimes[smallNext] = t;
      smallTerminals[smallNext] = a.terminalId();
      smallCards[smallNext] = a.cardHash();
      smallNext = (smallNext + 1) % RING;
      smallSize = Math.min(smallSize + 1, RING);
    }
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
        int i = (int) Math.floorMod(b, BUCKETS);
        bucketCounts[i] = 0;
        bucketSums[i] = 0;
      }
      newestBucket = bucket;
    }
    int i = (int) Math.floorMod(bucket, BUCKETS);
    bucketCounts[i]++;
    bucketSums[i] += amount;
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
    return new MerchantFeatures(merchantId, Instant.ofEpochMilli(newest), Instant.ofEpochMilli(firstSeen),
        transactionsSeen, nightShare, count1h, sum1h, distinctSmallCards(null), probedTerminals());
  }

  /** Whether the merchant's features must be published now: first sight, a minute since the last, a probe change. */
  public boolean shouldPublish(MerchantFeatures features, long minInterval) {
    int signature = features.getSmallAmountCards10m() < 2 ? 0
        : 31 * features.getSmallAmountCards10m() + features.getProbedTerminals().hashCode();
    boolean due = lastPublished == Long.MIN_VALUE || newest - lastPublished >= minInterval
        || signature != lastProbeSignature;
    if (due) {
      lastPublished = newest;
      lastProbeSignature = signature;
    }
    return due;
  }

  /** Distinct cards that paid under {@link #SMALL_AMOUNT} within 10 minutes, on one terminal or (null) any. */
  private int distinctSmallCards(String terminal) {
    int[] seen = new int[RING];
    int distinct = 0;
    for (int i = 0; i < smallSize; i++) {
      long age = newest - smallTimes[i];
      if (age < 0 || age >= PROBE_WINDOW || (terminal != null && !terminal.equals(smallTerminals[i]))) {
        continue;
      }
      distinct = addDistinct(seen, distinct, smallCards[i]);
    }
    return distinct;
  }

  private List<TerminalProbe> probedTerminals() {
    List<TerminalProbe> probes = new ArrayList<>(0);
    List<String> done = new ArrayList<>(2);
    for (int i = 0; i < smallSize; i++) {
      String terminal = smallTerminals[i];
      if (newest - smallTimes[i] >= PROBE_WINDOW || done.contains(terminal)) {
        continue;
      }
      done.add(terminal);
      int cards = distinctSmallCards(terminal);
      if (cards >= 2) {
        probes.add(new TerminalProbe(terminal, cards));
      }
    }
    probes.sort((a, b) -> a.getTerminalId().compareTo(b.getTerminalId()));
    return probes;
  }

  private static int addDistinct(int[] seen, int count, int value) {
    for (int i = 0; i < count; i++) {
      if (seen[i] == value) {
        return count;
      }
    }
    seen[count] = value;
    return count + 1;
  }

  public byte[] toBytes() {
    byte[][] terminals = new byte[smallSize][];
    int terminalBytes = 0;
    for (int i = 0; i < smallSize; i++) {
      terminals[i] = smallTerminals[i].getBytes(StandardCharsets.UTF_8);
      terminalBytes += 2 + terminals[i].length;
    }
    ByteBuffer b = ByteBuffer.allocate(1 + 8 * 3 + 24 * 4 + 4 + 8 + BUCKETS * 8 + 4 + 4 + smallSize * 12
        + terminalBytes + 8 + 4);
    b.put(FORMAT).putLong(firstSeen).putLong(newest).putLong(transactionsSeen);
    for (int h = 0; h < 24; h++) {
      b.putInt(hourOfDay[h]);
    }
    b.putInt(hourOfDayTotal).putLong(newestBucket);
    for (int i = 0; i < BUCKETS; i++) {
      b.putInt(bucketCounts[i]).putFloat(bucketSums[i]);
    }
    b.putInt(smallSize).putInt(smallNext);
    for (int i = 0; i < smallSize; i++) {
      b.putLong(smallTimes[i]).putInt(smallCards[i]).putShort((short) terminals[i].length).put(terminals[i]);
    }
    b.putLong(lastPublished).putInt(lastProbeSignature);
    return b.array();
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
      return p; // an older layout (BIN-attack ring only): start the merchant afresh rather than fail the partition
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
    p.smallSize = b.getInt();
    p.smallNext = b.getInt();
    for (int i = 0; i < p.smallSize; i++) {
      p.smallTimes[i] = b.getLong();
      p.smallCards[i] = b.getInt();
      byte[] terminal = new byte[b.getShort()];
      b.get(terminal);
      p.smallTerminals[i] = new String(terminal, StandardCharsets.UTF_8);
    }
    p.lastPublished = b.getLong();
    p.lastProbeSignature = b.getInt();
    return p;
  }
}
