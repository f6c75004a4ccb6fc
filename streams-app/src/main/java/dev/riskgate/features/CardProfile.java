package dev.riskgate.features;

import java.nio.ByteBuffer;

/**
 * What riskgate remembers of one card, in one RocksDB record (one changelog write per transaction): the last
 * {@link #RING} transactions in event-time order (exact 1 min / 10 min / 1 h windows up to that many), 24 hourly
 * buckets for the daily window, a running log-amount profile, and the last known position.
 *
 * <p>Each remembered transaction also keeps its transactionId's hash, and the profile the event time of the newest
 * transaction it no longer lists ({@link #mayHaveDecided}): a retry check then asks the decision memory only when
 * this card may actually have decided the id before, instead of probing it for every new transaction.
 */
public final class CardProfile {
  public static final int RING = 24;
  static final int HOURS = 24;
  /**
   * Format 5 keeps each remembered transaction's merchant category (its MCC); format 4 its country and how the card
   * was read ({@link #CHIP_READ}, {@link #STRIPE_READ}); format 3 flags tiny amounts ({@link #TINY}, judged by the
   * ruleset's currency tables); format 2 added transaction id hashes and forgottenNewest. Formats 1-4 are still read
   * (their tiny amounts: under 2.00 reference; no country, read or category known).
   */
  private static final byte FORMAT = 5;
  private static final byte FORMAT_WITHOUT_CATEGORIES = 4;
  private static final byte FORMAT_WITHOUT_COUNTRIES = 3;
  private static final byte FORMAT_WITHOUT_IDS = 1;
  private static final double LEGACY_TINY_BELOW = 2.0;

  final long[] times = new long[RING];
  final float[] amounts = new float[RING];
  final int[] merchants = new int[RING];
  final int[] terminals = new int[RING];
  final byte[] flags = new byte[RING];
  /** transactionId.hashCode() of each remembered transaction; 0 when not known (a profile of format 1). */
  final int[] ids = new int[RING];
  /** The terminal's country of each remembered transaction, two letters packed ({@link #country}); 0 when unknown. */
  final short[] countries = new short[RING];
  /** The merchant category (MCC, 0-9999) of each remembered transaction; {@link #NO_CATEGORY} when unknown. */
  final short[] categories = new short[RING];
  int size;
  /** Event time of the newest transaction decided for this card that the ring no longer lists. */
  long forgottenNewest = Long.MIN_VALUE;

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
  static final byte TINY = 2;
  /** Read from the card's chip, by contact or contactless. */
  static final byte CHIP_READ = 4;
  /** Read from the magnetic stripe (fallback included) or keyed in: what a counterfeit or stolen number allows. */
  static final byte STRIPE_READ = 8;
  static final short NO_CATEGORY = -1;
  /** Bytes of one remembered transaction: time, amount, merchant, terminal, flags, id hash, country, category. */
  private static final int RECORD_BYTES = 8 + 4 + 4 + 4 + 1 + 4 + 2 + 2;
  private static final int RECORD_BYTES_WITHOUT_CATEGORIES = RECORD_BYTES - 2;
  private static final int RECORD_BYTES_WITHOUT_COUNTRIES = RECORD_BYTES_WITHOUT_CATEGORIES - 2;
  private static final int RECORD_BYTES_WITHOUT_IDS = RECORD_BYTES_WITHOUT_COUNTRIES - 4;

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(1 + 1 + size * RECORD_BYTES + 8 + HOURS * 8 + 4 + 16 + 1 + 24 + 8);
    b.put(FORMAT).put((byte) size);
    for (int i = 0; i < size; i++) {
      b.putLong(times[i]).putFloat(amounts[i]).putInt(merchants[i]).putInt(terminals[i]).put(flags[i])
          .putInt(ids[i]).putShort(countries[i]).putShort(categories[i]);
    }
    b.putLong(newestHour);
    for (int i = 0; i < HOURS; i++) {
      b.putInt(hourCounts[i]).putFloat(hourSums[i]);
    }
    b.putInt(amountCount).putDouble(logMean).putDouble(logVar);
    b.put((byte) (hasPosition ? 1 : 0)).putDouble(lastLat).putDouble(lastLon).putLong(lastPositionTime);
    b.putLong(forgottenNewest);
    return b.array();
  }

  public static CardProfile fromBytes(byte[] bytes) {
    CardProfile p = new CardProfile();
    if (bytes == null) {
      return p;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte format = b.get();
    if (format < FORMAT_WITHOUT_IDS || format > FORMAT) {
      throw new IllegalStateException("unknown card profile format " + format);
    }
    p.size = b.get();
    for (int i = 0; i < p.size; i++) {
      p.times[i] = b.getLong();
      p.amounts[i] = b.getFloat();
      p.merchants[i] = b.getInt();
      p.terminals[i] = b.getInt();
      p.flags[i] = b.get();
      p.ids[i] = format == FORMAT_WITHOUT_IDS ? 0 : b.getInt();
      p.countries[i] = format >= FORMAT_WITHOUT_CATEGORIES ? b.getShort() : 0;
      p.categories[i] = format == FORMAT ? b.getShort() : NO_CATEGORY;
      if (format < FORMAT_WITHOUT_COUNTRIES && p.amounts[i] < LEGACY_TINY_BELOW) {
        p.flags[i] |= TINY;
      }
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
    // format 1 kept no ids: every transaction it lists counts as forgotten, so retries of them are still looked up
    p.forgottenNewest = format == FORMAT_WITHOUT_IDS ? p.newestTime() : b.getLong();
    return p;
  }

  /**
   * Whether this card may have decided transaction {@code transactionId} with an event time from {@code since} on:
   * false only when no remembered transaction has the id's hash and every transaction it no longer lists is older.
   * A hash collision only costs a look-up.
   */
  public boolean mayHaveDecided(String transactionId, long since) {
    int id = transactionId.hashCode();
    for (int i = 0; i < size; i++) {
      if (ids[i] == id) {
        return true;
      }
    }
    return forgottenNewest >= since;
  }

  /** Records that a decided transaction at {@code time} is not (or no longer) in the ring. */
  void forget(long time) {
    forgottenNewest = Math.max(forgottenNewest, time);
  }

  /** {@link #newestTime()} of a stored profile, read without decoding the rest of it. */
  public static long newestTimeOf(byte[] bytes) {
    int size = bytes[1];
    int recordBytes = switch (bytes[0]) {
      case FORMAT_WITHOUT_IDS -> RECORD_BYTES_WITHOUT_IDS;
      case FORMAT -> RECORD_BYTES;
      case FORMAT_WITHOUT_CATEGORIES -> RECORD_BYTES_WITHOUT_CATEGORIES;
      default -> RECORD_BYTES_WITHOUT_COUNTRIES;
    };
    return size == 0 ? Long.MIN_VALUE : ByteBuffer.wrap(bytes).getLong(2 + (size - 1) * recordBytes);
  }

  /** A two-letter country code packed in a short (0 for anything else). */
  static short country(String code) {
    if (code == null || code.length() != 2) {
      return 0;
    }
    return (short) (code.charAt(0) << 8 | code.charAt(1) & 0xff);
  }

  /** A merchant category code of four digits as a number, or {@link #NO_CATEGORY} for anything else. */
  static short category(CharSequence mcc) {
    if (mcc == null || mcc.length() != 4) {
      return NO_CATEGORY;
    }
    int code = 0;
    for (int i = 0; i < 4; i++) {
      char c = mcc.charAt(i);
      if (c < '0' || c > '9') {
        return NO_CATEGORY;
      }
      code = code * 10 + (c - '0');
    }
    return (short) code;
  }

  /** Event time of the newest transaction remembered, or Long.MIN_VALUE. */
  public long newestTime() {
    return size == 0 ? Long.MIN_VALUE : times[size - 1];
  }
}
