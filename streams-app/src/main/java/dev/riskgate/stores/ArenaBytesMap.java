package dev.riskgate.stores;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * String keys to byte values, kept in a few large arrays instead of a map's entry objects: for the offline decision
 * memory, millions of entries written once and kept until the end of a backtest. As {@code HashMap} entries (a node,
 * the key string, a value array: ~300 bytes per transaction for two rulesets) every young collection of a long
 * backtest copied and promoted them, 300-500 ms a pause at 5M transactions; here the collector sees a handful of
 * arrays.
 *
 * <p>Entries are appended to chunks as {@code [key length: 2][key UTF-8][value length: 4][value]}, each on an 8-byte
 * boundary; a put of a key already present appends a new entry and points the key's slot at it, a removal appends a
 * value length of -1. Slots are found by open addressing over the keys' hash codes. Not thread-safe: one offline
 * screening thread.
 */
final class ArenaBytesMap {
  private static final int CHUNK_BITS = 22;
  private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
  /** Entries start on 8-byte boundaries, so an address in 8-byte units fits 32 bits up to 32 GB of entries. */
  private static final int ALIGN_BITS = 3;
  private static final int REMOVED = -1;

  private byte[][] chunks = new byte[0][];
  /** Where the next entry goes in the last chunk. */
  private int used = CHUNK_SIZE;
  /**
   * Per slot, 0 when free, else the key's hash code (high half) and the address of its latest entry plus one (low
   * half): one array, so that a probe costs one cache miss.
   */
  private long[] slots = new long[1024];
  /** Slots in use, keys removed included (their slot still points at the removal). */
  private int slotsUsed;

  byte[] get(String key) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    long slot = slots[slotOf(key.hashCode(), keyBytes)];
    if (slot == 0) {
      return null;
    }
    long address = addressOf(slot);
    byte[] chunk = chunks[chunkOf(address)];
    int at = positionOf(address) + 2 + keyBytes.length;
    int length = readInt(chunk, at);
    return length == REMOVED ? null : Arrays.copyOfRange(chunk, at + 4, at + 4 + length);
  }

  void put(String key, byte[] value) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    if (keyBytes.length > 0xffff) {
      throw new IllegalArgumentException("key of " + keyBytes.length + " bytes; at most 65535");
    }
    int hash = key.hashCode();
    int slot = slotOf(hash, keyBytes);
    boolean present = slots[slot] != 0;
    if (!present && value == null) {
      return;
    }
    slots[slot] = (long) hash << 32 | (append(keyBytes, value) + 1);
    if (!present && ++slotsUsed * 2 > slots.length) {
      grow();
    }
  }

  /** The slot holding {@code key}, or the free slot where it would go. */
  private int slotOf(int hash, byte[] keyBytes) {
    int mask = slots.length - 1;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      long slot = slots[i];
      if (slot == 0 || (int) (slot >>> 32) == hash && keyAt(addressOf(slot), keyBytes)) {
        return i;
      }
    }
  }

  private static int spread(int hash) {
    return (hash ^ hash >>> 16) * 0x9e3779b9;
  }

  private static long addressOf(long slot) {
    return (slot & 0xffffffffL) - 1;
  }

  private static int chunkOf(long address) {
    return (int) (address >>> (CHUNK_BITS - ALIGN_BITS));
  }

  private static int positionOf(long address) {
    return (int) (address << ALIGN_BITS) & (CHUNK_SIZE - 1);
  }

  private boolean keyAt(long address, byte[] keyBytes) {
    byte[] chunk = chunks[chunkOf(address)];
    int at = positionOf(address);
    int length = (chunk[at] & 0xff) << 8 | chunk[at + 1] & 0xff;
    return length == keyBytes.length && Arrays.equals(chunk, at + 2, at + 2 + length, keyBytes, 0, length);
  }

  /** Appends an entry; returns its address in 8-byte units. */
  private long append(byte[] keyBytes, byte[] value) {
    int size = 2 + keyBytes.length + 4 + (value == null ? 0 : value.length);
    int aligned = (size + (1 << ALIGN_BITS) - 1) & -(1 << ALIGN_BITS);
    if (used + aligned > CHUNK_SIZE) {
      // an entry larger than a chunk gets a chunk of its own; positions in it still fit below CHUNK_SIZE
      chunks = Arrays.copyOf(chunks, chunks.length + 1);
      chunks[chunks.length - 1] = new byte[Math.max(CHUNK_SIZE, aligned)];
      used = 0;
    }
    long address = ((long) (chunks.length - 1) << (CHUNK_BITS - ALIGN_BITS)) + (used >>> ALIGN_BITS);
    if (address + 1 > 0xffffffffL) {
      throw new IllegalStateException("over 32 GB of remembered decisions in one window");
    }
    byte[] chunk = chunks[chunks.length - 1];
    chunk[used] = (byte) (keyBytes.length >>> 8);
    chunk[used + 1] = (byte) keyBytes.length;
    System.arraycopy(keyBytes, 0, chunk, used + 2, keyBytes.length);
    int at = used + 2 + keyBytes.length;
    writeInt(chunk, at, value == null ? REMOVED : value.length);
    if (value != null) {
      System.arraycopy(value, 0, chunk, at + 4, value.length);
    }
    used = aligned > CHUNK_SIZE ? CHUNK_SIZE : used + aligned;
    return address;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long slot : old) {
      if (slot != 0) {
        int i = spread((int) (slot >>> 32)) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = slot;
      }
    }
  }

  private static int readInt(byte[] bytes, int at) {
    return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
  }

  private static void writeInt(byte[] bytes, int at, int value) {
    bytes[at] = (byte) (value >>> 24);
    bytes[at + 1] = (byte) (value >>> 16);
    bytes[at + 2] = (byte) (value >>> 8);
    bytes[at + 3] = (byte) value;
  }
}
