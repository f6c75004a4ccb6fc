package dev.riskgate.features;

import java.nio.ByteBuffer;

/**
 * The area-keyed state, in one record: the area's last {@link #RING} out-of-place tiny payments (time, card,
 * merchant): tiny payments at shops whose category's ticket is over ten times the payment (a coffee-sized payment at
 * an electronics store; not a fare or a snack), which is how card numbers tested across a city's shops look. Kept for
 * the distinct cards and merchants of the half hour, and counted by hour over the last day, for how many such cards
 * the area usually sees. An area busier in them than the ring holds over the window gets counts that are a floor.
 */
public final class AreaProfile {
  static final int RING = 256;
  static final long WINDOW_MS = 30 * 60_000L;
  private static final long HOUR_MS = 3_600_000L;
  private static final int HOURS = 24;
  private static final byte FORMAT = 1;

  private long newest = Long.MIN_VALUE;
  private long newestHour = Long.MIN_VALUE;
  private final int[] hourCounts = new int[HOURS];
  private final long[] times = new long[RING];
  private final int[] cards = new int[RING];
  private final int[] merchants = new int[RING];
  private int size;
  private int next;

  /** A tiny payment out of place: at a shop whose category's typical ticket is over ten times the amount. */
  public static boolean outOfPlace(FeatureVector features) {
    double ratio = features.get(Feature.TX_MCC_TICKET_RATIO);
    return ratio > 0 && ratio < 0.1;
  }

  /** Folds one out-of-place tiny payment in. */
  public void add(long eventTime, int cardHash, int merchantHash) {
    newest = Math.max(newest, eventTime);
    countInHour(eventTime);
    times[next] = eventTime;
    cards[next] = cardHash;
    merchants[next] = merchantHash;
    next = (next + 1) % RING;
    size = Math.min(size + 1, RING);
  }

  /**
   * The area's features for a tiny payment at {@code eventTime} by card {@code cardHash} at merchant {@code
   * merchantHash} ({@code outOfPlace}: see {@link #outOfPlace}; then this one is included): distinct cards and
   * merchants of the out-of-place tiny payments in the half hour up to it, and those cards over what the area usually
   * sees in half an hour (its last day's, a half hour's share, at least one).
   */
  public void fill(long eventTime, int cardHash, int merchantHash, boolean outOfPlace, FeatureVector features) {
    int[] cardsIn = new int[size + 1];
    int[] merchantsIn = new int[size + 1];
    int n = 0;
    if (outOfPlace) {
      cardsIn[n] = cardHash;
      merchantsIn[n++] = merchantHash;
    }
    for (int i = 0; i < size; i++) {
      long t = times[i];
      if (t <= eventTime && t > eventTime - WINDOW_MS) {
        cardsIn[n] = cards[i];
        merchantsIn[n++] = merchants[i];
      }
    }
    int distinctCards = DistinctInts.count(cardsIn, n);
    features.set(Feature.AREA_SMALL_CARDS_30M, distinctCards);
    features.set(Feature.AREA_SMALL_MERCHANTS_30M, DistinctInts.count(merchantsIn, n));
    features.set(Feature.AREA_SMALL_CARDS_RATIO, distinctCards / Math.max(1.0, usualPerHalfHour(eventTime)));
  }

  /** Tiny payments of the 24 hours before {@code eventTime}'s hour, per half hour. */
  private double usualPerHalfHour(long eventTime) {
    long hour = Math.floorDiv(eventTime, HOUR_MS);
    long total = 0;
    for (int h = 1; h <= HOURS; h++) {
      long past = hour - h;
      if (past <= newestHour && past > newestHour - HOURS) {
        total += hourCounts[(int) Math.floorMod(past, HOURS)];
      }
    }
    return total / (2.0 * HOURS);
  }

  private void countInHour(long eventTime) {
    long hour = Math.floorDiv(eventTime, HOUR_MS);
    if (newestHour == Long.MIN_VALUE || hour > newestHour) {
      long cleared = newestHour == Long.MIN_VALUE ? HOURS : Math.min(HOURS, hour - newestHour);
      for (long h = hour - cleared + 1; h <= hour; h++) {
        hourCounts[(int) Math.floorMod(h, HOURS)] = 0;
      }
      newestHour = hour;
    }
    if (hour > newestHour - HOURS) { // a payment older than the day kept is not counted
      hourCounts[(int) Math.floorMod(hour, HOURS)]++;
    }
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Event time of the newest payment folded in. */
  public long newestTime() {
    return newest;
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + HOURS * 4 + 4 + 4 + size * 16);
    out.put(FORMAT).putLong(newest).putLong(newestHour);
    for (int count : hourCounts) {
      out.putInt(count);
    }
    out.putInt(size).putInt(next);
    for (int i = 0; i < size; i++) {
      out.putLong(times[i]).putInt(cards[i]).putInt(merchants[i]);
    }
    return out.array();
  }

  /** Event time of the newest payment of an encoded profile, without decoding the rest (the idle sweeper's). */
  public static long newestTimeOf(byte[] bytes) {
    return ByteBuffer.wrap(bytes, 1, 8).getLong();
  }

  /** An empty profile for null. */
  public static AreaProfile fromBytes(byte[] bytes) {
    AreaProfile profile = new AreaProfile();
    if (bytes == null) {
      return profile;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte format = in.get();
    if (format != FORMAT) {
      throw new IllegalStateException("area profile of format " + format + ", not " + FORMAT);
    }
    profile.newest = in.getLong();
    profile.newestHour = in.getLong();
    for (int h = 0; h < HOURS; h++) {
      profile.hourCounts[h] = in.getInt();
    }
    profile.size = in.getInt();
    profile.next = in.getInt();
    for (int i = 0; i < profile.size; i++) {
      profile.times[i] = in.getLong();
      profile.cards[i] = in.getInt();
      profile.merchants[i] = in.getInt();
    }
    return profile;
  }
}
