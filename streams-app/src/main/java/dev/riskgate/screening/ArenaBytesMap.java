package dev.riskgate.screening;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * String keys to byte values, kept in a few large arrays instead of a map's entry objects: for the offline decision
 * memory, millions of entries written once and kept until the end of a backtest. As {@code HashMap} entries (a node,
 * the key string, a value array: ~300 bytes per transaction for two rulesets) every young collection of a long
 * backtest copied and promoted them, 300-500 ms a pause at 5M transactions; here the collector sees a handful of
 * arrays.
 *
 * <p>Entries are appended to chunks as {@code [key length: 2][key UTF-8][value length: 4][value]}; a put of a key
 * already present appends a new entry and points the key's slot at it, a removal appends a value length of -1. Slots
 * are found by open addressing over the keys' hash codes. Not thread-safe: one offline screening thread.
 */
final class ArenaBytesMap {
  private static final int CHUNK_BITS = 22;
  private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
  private static final int REMOVED = -1;

  private byte[][] chunks = new byte[0][];
  /** Where the next entry goes in the last chunk. */
  private int used = CHUNK_SIZE;
  /** Per slot: the address of its key's latest entry plus one (0: the slot is free), and the key's hash code. */
  private long[] addresses = new long[1024];
  private int[] hashes = new int[1024];
  /** Slots in use, keys removed included (their slot still points at the removal). */
  private int slotsUsed;

  byte[] get(String key) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    long address = addresses[slotOf(key.hashCode(), keyBytes)] - 1;
    if (address < 0) {
      return null;
    }
    byte[] chunk = chunks[(int) (address >>> CHUNK_BITS)];
    int at = (int) (address & (CHUNK_SIZE - 1)) + 2 + keyBytes.length;
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
    boolean present = addresses[slot] != 0;
    if (!present && value == null) {
      return;
    }
    addresses[slot] = append(keyBytes, value) + 1;
    hashes[slot] = hash;
    if (!present && ++slotsUsed * 2 > addresses.length) {
      grow();
    }
  }

  /** The slot holding {@code key}, or the free slot where it would go. */
  private int slotOf(int hash, byte[] keyBytes) {
    int mask = addresses.length - 1;
    for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      long address = addresses[slot] - 1;
      if (address < 0 || hashes[slot] == hash && keyAt(address, keyBytes)) {
        return slot;
      }
    }
  }

  private static int spread(int hash) {
    return (hash ^ hash >>> 16) * 0x9e3779b9;
  }

  private boolean keyAt(long address, byte[] keyBytes) {
    byte[] chunk = chunks[(int) (address >>> CHUNK_BITS)];
    int at = (int) (address & (CHUNK_SIZE - 1));
    int length = (chunk[at] & 0xff) << 8 | chunk[at + 1] & 0xff;
    return length == keyBytes.length && Arrays.equals(chunk, at + 2, at + 2 + length, keyBytes, 0, length);
  }

  private long append(byte[] keyBytes, byte[] value) {
    int size = 2 + keyBytes.length + 4 + (value == null ? 0 : value.length);
    if (used + size > CHUNK_SIZE) {
      // an entry larger than a chunk gets a chunk of its own; positions in it still fit below CHUNK_SIZE
      chunks = Arrays.copyOf(chunks, chunks.length + 1);
      chunks[chunks.length - 1] = new byte[Math.max(CHUNK_SIZE, size)];
      used = 0;
    }
    byte[] chunk = chunks[chunks.length - 1];
    long address = (long) (chunks.length - 1) << CHUNK_BITS | used;
    chunk[used] = (byte) (keyBytes.length >>> 8);
    chunk[used + 1] = (byte) keyBytes.length;
    System.arraycopy(keyBytes, 0, chunk, used + 2, keyBytes.length);
    int at = used + 2 + keyBytes.length;
    writeInt(chunk, at, value == null ? REMOVED : value.length);
    if (value != null) {
      System.arraycopy(value, 0, chunk, at + 4, value.length);
    }
    used = size > CHUNK_SIZE ? CHUNK_SIZE : used + size;
    return address;
  }

  private void grow() {
    long[] oldAddresses = addresses;
    int[] oldHashes = hashes;
    addresses = new long[oldAddresses.length * 2];
    hashes = new int[oldAddresses.length * 2];
    int mask = addresses.length - 1;
    for (int i = 0; i < oldAddresses.length; i++) {
      if (oldAddresses[i] != 0) {
        int slot = spread(oldHashes[i]) & mask;
        while (addresses[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        addresses[slot] = oldAddresses[i];
        hashes[slot] = oldHashes[i];
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
