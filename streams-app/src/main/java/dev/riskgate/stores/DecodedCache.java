package dev.riskgate.stores;

import java.util.Arrays;

/**
 * Values decoded from a store's bytes, kept so that the next read of unchanged bytes skips the decoding.
 * Direct-mapped by key: bounded, and a slot stays valid exactly while the store returns the same bytes (the very
 * array from in-memory and caching stores, an equal copy from RocksDB), so nothing needs invalidating when the
 * store changes underneath (an update, the idle sweeper, a restore).
 */
public final class DecodedCache<T> {
  private final byte[][] decodedFrom;
  private final Object[] values;

  /** {@code slots}: a power of two. */
  public DecodedCache(int slots) {
    if (Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    decodedFrom = new byte[slots][];
    values = new Object[slots];
  }

  /** The value decoded from {@code bytes}, or null when not cached. The caller must not change it. */
  @SuppressWarnings("unchecked")
  T get(String key, byte[] bytes) {
    int slot = slot(key);
    byte[] from = decodedFrom[slot];
    return from != null && (from == bytes || Arrays.equals(from, bytes)) ? (T) values[slot] : null;
  }

  /** As {@link #get}, for a value the caller will change: it leaves the cache until {@link #put} again. */
  public T take(String key, byte[] bytes) {
    T value = get(key, bytes);
    if (value != null) {
      int slot = slot(key);
      decodedFrom[slot] = null;
      values[slot] = null;
    }
    return value;
  }

  /** {@code value} must be exactly what decoding {@code bytes} gives. */
  public void put(String key, byte[] bytes, T value) {
    int slot = slot(key);
    decodedFrom[slot] = bytes;
    values[slot] = value;
  }

  private int slot(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (decodedFrom.length - 1);
  }
}
