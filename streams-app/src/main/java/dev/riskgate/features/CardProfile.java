package dev.riskgate.features;

import java.nio.ByteBuffer;

/**
 * What riskgate remembers of one card, in one RocksDB record (one changelog write per transaction): the last
 * {@link #RING} transactions in event-time order (exact 1 min / 10 min / 1 h windows up to that many), 24 hourly
 * buckets for the daily window, a running log-amount profile, and the last known position.
 */
public final class CardProfile {
  public static final int RING = 24;
  static final int HOURS = 24;
  private static final byte FORMAT = 1;

  final long[] times = new long[RING];
  final float[] amounts = new float[RING];
  final int[] merchants = new int[RING];
  final int[] terminals = new int[RING];
  final byte[] flags = new byte[RING];
  int size;

  long newestHour = Long.MIN_VALUE;
  final int[] hourCounts = new int[HOURS];
  final float[] hourSums = new float[HOURS];

  int amountCount;
  double logMean;
  double logVar;

  boolean hasPosition;
  double lastLat;
  double lastLon;
  long lastPositionTime;

  static final byte NEAR_LIMIT = 1;
  /** Bytes of one remembered transaction: time, amount, merchant, terminal, flags. */
  private static final int RECORD_BYTES = 8 + 4 + 4 + 4 + 1;

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(1 + 1 + size * RECORD_BYTES + 8 + HOURS * 8 + 4 + 16 + 1 + 24);
    b.put(FORMAT).put((byte) size);
    for (int i = 0; i < size; i++) {
      b.putLong(times[i]).putFloat(amounts[i]).putInt(merchants[i]).putInt(terminals[i]).put(flags[i]);
    }
    b.putLong(newestHour);
    for (int i = 0; i < HOURS; i++) {
      b.putInt(hourCounts[i]).putFloat(hourSums[i]);
    }
    b.putInt(amountCount).putDouble(logMean).putDouble(logVar);
    b.put((byte) (hasPosition ? 1 : 0)).putDouble(lastLat).putDouble(lastLon).putLong(lastPositionTime);
    return b.array();
  }

  public static CardProfile fromBytes(byte[] bytes) {
    CardProfile p = new CardProfile();
    if (bytes == null) {
      return p;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte format = b.get();
    if (format != FORMAT) {
      throw new IllegalStateException("unknown card profile format " + format);
    }
    p.size = b.get();
    for (int i = 0; i < p.size; i++) {
      p.times[i] = b.getLong();
      p.amounts[i] = b.getFloat();
      p.merchants[i] = b.getInt();
      p.terminals[i] = b.getInt();
      p.flags[i] = b.get();
    }
    p.newestHour = b.getLong();
    for (int i = 0; i < HOURS; i++) {
      p.hourCounts[i] = b.getInt();
      p.hourSums[i] = b.getFloat();
    }
    p.amountCount = b.getInt();
    p.logMean = b.getDouble();
    p.logVar = b.getDouble();
    p.hasPosition = b.get() == 1;
    p.lastLat = b.getDouble();
    p.lastLon = b.getDouble();
    p.lastPositionTime = b.getLong();
    return p;
  }

  /** {@link #newestTime()} of a stored profile, read without decoding the rest of it. */
  public static long newestTimeOf(byte[] bytes) {
    int size = bytes[1];
    return size == 0 ? Long.MIN_VALUE : ByteBuffer.wrap(bytes).getLong(2 + (size - 1) * RECORD_BYTES);
  }

  /** Event time of the newest transaction remembered, or Long.MIN_VALUE. */
  public long newestTime() {
    return size == 0 ? Long.MIN_VALUE : times[size - 1];
  }
}
