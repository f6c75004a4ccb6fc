package dev.riskgate.features;

import java.nio.ByteBuffer;

/**
 * What riskgate remembers of one card, in one RocksDB record (one changelog write per transaction): the last
 * {@link #RING} transactions in event-time order (exact 1 min / 10 min / 1 h windows up to that many), 24 hourly
 * buckets for the daily window, a running log-amount profile, and the last known position.
 *
 * <p>The ring is also the card side's retry memory for the transactions it lists: each keeps a 64-bit hash of its
 * transactionId ({@link #idHash}) and where it was read, so a retry of one of them is recognised from this record
 * alone. Only what leaves the ring while a retry could still find it goes to the de-duplication store, and the
 * profile says how recent that is ({@link #mayBeStoredByHash}, {@link #mayBeStoredById}): the store is asked only when this
 * card may actually have put the id there.
 */
public final class CardProfile {
  public static final int RING = 24;
  static final int HOURS = 24;
  /**
   * Format 6 keeps a 64-bit id hash and the input offset of each remembered transaction, and the newest event time
   * remembered in the de-duplication store under a transactionId. Format 5 keeps each remembered transaction's
   * merchant category (its MCC); format 4 its country and how the card was read ({@link #CHIP_READ}, {@link
   * #STRIPE_READ}); format 3 flags tiny amounts ({@link #TINY}, judged by the ruleset's currency tables); format 2
   * added transaction id hashes and the newest forgotten time. Formats 1-5 are still read (their tiny amounts before
   * format 3: under 2.00 reference; no country, read or category known where the format had none).
   */
  private static final byte FORMAT = 6;
  private static final byte FORMAT_WITHOUT_OFFSETS = 5;
  private static final byte FORMAT_WITHOUT_CATEGORIES = 4;
  private static final byte FORMAT_WITHOUT_COUNTRIES = 3;
  private static final byte FORMAT_WITHOUT_IDS = 1;
  private static final double LEGACY_TINY_BELOW = 2.0;

  final long[] times = new long[RING];
  final float[] amounts = new float[RING];
  final int[] merchants = new int[RING];
  final int[] terminals = new int[RING];
  final byte[] flags = new byte[RING];
  /**
   * {@link #idHash} of each remembered transaction's id; for one read from format 2-5 its {@code String.hashCode()},
   * 0 from format 1.
   */
  final long[] idHashes = new long[RING];
  /**
   * The input offset each remembered transaction was read at; {@link #NO_OFFSET} for one read from an earlier format,
   * whose de-duplication entry is under its transactionId.
   */
  final long[] offsets = new long[RING];
  /** The terminal's country of each remembered transaction, two letters packed ({@link #country}); 0 when unknown. */
  final short[] countries = new short[RING];
  /** The merchant category (MCC, 0-9999) of each remembered transaction; {@link #NO_CATEGORY} when unknown. */
  final short[] categories = new short[RING];
  int size;
  /** Event time of the newest transaction that left the ring into the de-duplication store, keyed by its id hash. */
  long storedByHashNewest = Long.MIN_VALUE;
  /** Event time of the newest transaction this card put in the de-duplication store under its transactionId. */
  long storedByIdNewest = Long.MIN_VALUE;
  /** Where the last transaction folded in was placed in the ring, -1 if it was not; not stored. */
  private int placed = -1;
  /** What the last transaction folded in pushed out of the ring (itself, when older than all of it); not stored. */
  private boolean pushedOut;
  private long pushedOutTime;
  private long pushedOutHash;
  private long pushedOutOffset;
  private byte pushedOutFlags;

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
  /** This remembered transaction is also in the de-duplication store under its transactionId. */
  static final byte STORED_BY_ID = 16;
  static final short NO_CATEGORY = -1;
  /** Where a remembered transaction was read is not known: it was stored by an earlier format. */
  public static final long NO_OFFSET = -1;
  /** {@link #listed}: no remembered transaction has the id. */
  public static final int NOT_LISTED = -1;
  /** Bytes of one remembered transaction: time, amount, merchant, terminal, flags, id hash, offset, country, category. */
  private static final int RECORD_BYTES = 8 + 4 + 4 + 4 + 1 + 8 + 8 + 2 + 2;
  private static final int RECORD_BYTES_WITHOUT_OFFSETS = 8 + 4 + 4 + 4 + 1 + 4 + 2 + 2;
  private static final int RECORD_BYTES_WITHOUT_CATEGORIES = RECORD_BYTES_WITHOUT_OFFSETS - 2;
  private static final int RECORD_BYTES_WITHOUT_COUNTRIES = RECORD_BYTES_WITHOUT_CATEGORIES - 2;
  private static final int RECORD_BYTES_WITHOUT_IDS = RECORD_BYTES_WITHOUT_COUNTRIES - 4;

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(1 + 1 + size * RECORD_BYTES + 8 + HOURS * 8 + 4 + 16 + 1 + 24 + 8 + 8);
    b.put(FORMAT).put((byte) size);
    for (int i = 0; i < size; i++) {
      b.putLong(times[i]).putFloat(amounts[i]).putInt(merchants[i]).putInt(terminals[i]).put(flags[i])
          .putLong(idHashes[i]).putLong(offsets[i]).putShort(countries[i]).putShort(categories[i]);
    }
    b.putLong(newestHour);
    for (int i = 0; i < HOURS; i++) {
      b.putInt(hourCounts[i]).putFloat(hourSums[i]);
    }
    b.putInt(amountCount).putDouble(logMean).putDouble(logVar);
    b.put((byte) (hasPosition ? 1 : 0)).putDouble(lastLat).putDouble(lastLon).putLong(lastPositionTime);
    b.putLong(storedByHashNewest).putLong(storedByIdNewest);
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
      if (format == FORMAT) {
        p.idHashes[i] = b.getLong();
        p.offsets[i] = b.getLong();
      } else {
        p.idHashes[i] = format == FORMAT_WITHOUT_IDS ? 0 : b.getInt();
        p.offsets[i] = NO_OFFSET;
      }
      p.countries[i] = format >= FORMAT_WITHOUT_CATEGORIES ? b.getShort() : 0;
      p.categories[i] = format >= FORMAT_WITHOUT_OFFSETS ? b.getShort() : NO_CATEGORY;
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
    if (format == FORMAT) {
      p.storedByHashNewest = b.getLong();
      p.storedByIdNewest = b.getLong();
    } else {
      // earlier formats put every transaction in the store under its id: what the ring lists and what it forgot (format
      // 1 kept no ids: every transaction it lists counts as forgotten, so retries of them are still looked up)
      p.storedByIdNewest = format == FORMAT_WITHOUT_IDS ? p.newestTime() : Math.max(b.getLong(), p.newestTime());
    }
    return p;
  }

  /**
   * The 64-bit hash a remembered transaction is known by: FNV-1a over the id's characters, then MurmurHash3's
   * finaliser. Two different ids of one card collide with a chance of about 2^-59 over a full ring; a collision makes
   * the later one a retry of the earlier at the card side (not counted in the card's features), and the merchant side
   * still decides it afresh, finding no decision under its id.
   */
  public static long idHash(String transactionId) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < transactionId.length(); i++) {
      h = (h ^ transactionId.charAt(i)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ h >>> 33;
  }

  /**
   * The newest remembered transaction before index {@code below} whose id hashes to {@code hash} ({@link #idHash})
   * and whose place in the input is known, or {@link #NOT_LISTED}. An id can be listed twice: used again after its
   * window had passed.
   */
  public int listed(long hash, int below) {
    for (int i = Math.min(below, size) - 1; i >= 0; i--) {
      if (offsets[i] != NO_OFFSET && idHashes[i] == hash) {
        return i;
      }
    }
    return NOT_LISTED;
  }

  /**
   * Whether a remembered transaction read from an earlier format has {@code transactionId}'s {@code String.hashCode()}:
   * only the store, which has it under its id, can tell.
   */
  public boolean listedByIdOnly(String transactionId) {
    int legacy = transactionId.hashCode();
    for (int i = 0; i < size; i++) {
      if (offsets[i] == NO_OFFSET && (int) idHashes[i] == legacy) {
        return true;
      }
    }
    return false;
  }

  /** How many transactions the ring lists. */
  public int size() {
    return size;
  }

  /** Event time of the remembered transaction at {@code index}. */
  public long timeAt(int index) {
    return times[index];
  }

  /** Input offset of the remembered transaction at {@code index} ({@link #NO_OFFSET} when not known). */
  public long offsetAt(int index) {
    return offsets[index];
  }

  /** Whether a transaction of this card that left the ring at or after {@code since} may be in the store by hash. */
  public boolean mayBeStoredByHash(long since) {
    return storedByHashNewest >= since;
  }

  /** Whether a transaction of this card at or after {@code since} may be in the store under its transactionId. */
  public boolean mayBeStoredById(long since) {
    return storedByIdNewest >= since;
  }

  /** Records that the transaction at {@code time} went into the store under its id hash. */
  public void storedByHash(long time) {
    storedByHashNewest = Math.max(storedByHashNewest, time);
  }

  /**
   * Records that the transaction last folded in, at {@code time}, went into the store under its transactionId too, so
   * that it need not go there again by hash when it leaves the ring.
   */
  public void storedById(long time) {
    storedByIdNewest = Math.max(storedByIdNewest, time);
    if (placed >= 0) {
      flags[placed] |= STORED_BY_ID;
    } else {
      pushedOutFlags |= STORED_BY_ID; // too old for the ring: it was pushed out at once
    }
  }

  /**
   * Whether the last transaction folded in pushed one out of the ring that the store does not have yet: its place in
   * the input known and not stored under its id.
   */
  public boolean pushedOutUnstored() {
    return pushedOut && pushedOutOffset != NO_OFFSET && (pushedOutFlags & STORED_BY_ID) == 0;
  }

  public long pushedOutTime() {
    return pushedOutTime;
  }

  public long pushedOutHash() {
    return pushedOutHash;
  }

  public long pushedOutOffset() {
    return pushedOutOffset;
  }

  /** Records what left the ring as a transaction was folded in (at most one does). */
  void pushOut(long time, long hash, long offset, byte flags) {
    pushedOut = true;
    pushedOutTime = time;
    pushedOutHash = hash;
    pushedOutOffset = offset;
    pushedOutFlags = flags;
    placed = -1;
  }

  /** Records where the transaction being folded in was placed in the ring. */
  void placed(int index) {
    placed = index;
  }

  /** {@link #newestTime()} of a stored profile, read without decoding the rest of it. */
  public static long newestTimeOf(byte[] bytes) {
    int size = bytes[1];
    int recordBytes = switch (bytes[0]) {
      case FORMAT_WITHOUT_IDS -> RECORD_BYTES_WITHOUT_IDS;
      case FORMAT -> RECORD_BYTES;
      case FORMAT_WITHOUT_OFFSETS -> RECORD_BYTES_WITHOUT_OFFSETS;
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
