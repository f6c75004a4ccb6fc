package dev.riskgate.stores;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;

/**
 * The entries of a {@link WriteBehindKeyValueStore} and how they are written to the store below it: not one record per
 * entry, but a <em>chunk</em> per flush holding every entry put since the last flush and still alive, and per chunk a
 * <em>release mark</em>, the highest key deleted from it. A chunk's entries that sort at or below its mark are gone;
 * a chunk with nothing left is deleted. The store below is a changelogged key-value store, so what its changelog keeps
 * (the latest record per key) is exactly this layout, and {@link #load} reads it back.
 *
 * <p>This is exact as long as each chunk's entries are deleted lowest key first, which is how an alignment buffer
 * releases (in key order, everything below a bound). A delete out of that order, or a put over a key a chunk holds, is
 * still correct: that chunk's remaining entries are written again in the next flush's chunk and the old one deleted.
 * So a flush writes a few records where one per entry put and one per entry deleted were written before, each of which
 * cost Kafka Streams' store and changelog layers, the producer and the broker a record.
 *
 * <p>Keys of {@value #OWN_KEY_LENGTH} bytes are the chunks' and marks' own; any other key found below is an entry
 * written one record per entry by an earlier version of the store, kept as such until deleted.
 */
final class ChunkedEntries {
  /** Where flushed records go: the store below, changelogged. */
  interface Sink {
    void put(Bytes key, byte[] value);

    void delete(Bytes key);
  }

  static final int OWN_KEY_LENGTH = 9;
  private static final byte CHUNK = 'C';
  private static final byte MARK = 'M';
  /** A chunk is closed past this many bytes, well under the producer's and broker's largest record. */
  static final int CHUNK_BYTES = 256 * 1024;
  /** Entries written one record per entry, by an earlier version of the store. */
  private static final Chunk SINGLE = new Chunk(-1, new Bytes[0]);

  private final TreeMap<Bytes, Slot> entries = new TreeMap<>();
  /** Entries put since the last flush and still alive: a released one is forgotten at once, not at the flush. */
  private final Map<Bytes, Slot> pending = new HashMap<>();
  /** Chunks an entry was deleted from since the last flush. */
  private final Set<Chunk> touched = new LinkedHashSet<>();
  /** Keys to delete below at the next flush: single entries deleted, marks left without their chunk. */
  private final List<Bytes> deletes = new ArrayList<>();
  private long nextChunk;

  /** An entry: its value in its own array (pending or single), or at {@code offset} in its chunk's record. */
  private record Slot(Bytes key, Chunk chunk, byte[] bytes, int offset, int length) {
    byte[] value() {
      return offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
    }
  }

  /** A chunk written below: its keys in order, how many are alive, and the highest key deleted from it. */
  private static final class Chunk {
    final long id;
    final Bytes[] keys;
    int live;
    Bytes released;
    boolean markWritten;
    boolean markChanged;
    /** A delete out of key order: its remaining entries go to the next chunk, and it is deleted. */
    boolean rewrite;

    Chunk(long id, Bytes[] keys) {
      this.id = id;
      this.keys = keys;
      this.live = keys.length;
    }

    /** Whether exactly the keys at or below {@link #released} are gone, which is what a reader of the mark assumes. */
    boolean releasedInOrder() {
      int atOrBelow = Arrays.binarySearch(keys, released);
      atOrBelow = atOrBelow >= 0 ? atOrBelow + 1 : -atOrBelow - 1;
      return atOrBelow == keys.length - live;
    }
  }

  /** Whether anything was written or deleted since the last flush (or load). */
  boolean changed() {
    return !pending.isEmpty() || !touched.isEmpty() || !deletes.isEmpty();
  }

  int size() {
    return entries.size();
  }

  byte[] get(Bytes key) {
    Slot slot = entries.get(key);
    return slot == null ? null : slot.value();
  }

  void put(Bytes key, byte[] value) {
    if (key.get().length == OWN_KEY_LENGTH) {
      throw new IllegalArgumentException("keys of " + OWN_KEY_LENGTH + " bytes are this store's own");
    }
    Slot slot = new Slot(key, null, value, 0, value.length);
    Slot before = entries.put(key, slot);
    if (before != null) {
      forget(before);
    }
    pending.put(key, slot);
  }

  byte[] delete(Bytes key) {
    Slot slot = entries.remove(key);
    if (slot == null) {
      return null;
    }
    forget(slot);
    return slot.value();
  }

  /** Every entry in key order, a copy of the list (a value written in a chunk is copied out of it). */
  Iterator<KeyValue<Bytes, byte[]>> all() {
    List<KeyValue<Bytes, byte[]>> copy = new ArrayList<>(entries.size());
    entries.values().forEach(slot -> copy.add(KeyValue.pair(slot.key(), slot.value())));
    return copy.iterator();
  }

  /** Drops everything held: what is below is the truth again, to be {@linkplain #load loaded}. */
  void clear() {
    entries.clear();
    pending.clear();
    touched.clear();
    deletes.clear();
    nextChunk = 0;
  }

  /** A slot no longer in {@link #entries}: what its removal means below. */
  private void forget(Slot slot) {
    Chunk chunk = slot.chunk();
    if (chunk == null) {
      pending.remove(slot.key()); // never written
      return;
    }
    if (chunk == SINGLE) {
      deletes.add(slot.key());
      return;
    }
    chunk.live--;
    if (chunk.released == null || slot.key().compareTo(chunk.released) > 0) {
      chunk.released = slot.key();
      chunk.markChanged = true;
    }
    if (!chunk.releasedInOrder()) {
      chunk.rewrite = true;
    }
    touched.add(chunk);
  }

  /** Writes what changed since the last flush below: new chunks first, then marks, then deletes. */
  void flush(Sink sink) {
    List<Slot> fresh = new ArrayList<>(pending.values());
    for (Chunk chunk : touched) {
      if (chunk.rewrite) {
        for (Bytes key : chunk.keys) {
          Slot slot = entries.get(key);
          if (slot != null && slot.chunk() == chunk) {
            fresh.add(slot);
          }
        }
      }
    }
    fresh.sort(Comparator.comparing(Slot::key));
    writeChunks(fresh, sink);
    for (Chunk chunk : touched) {
      if (chunk.rewrite || chunk.live == 0) {
        sink.delete(ownKey(CHUNK, chunk.id));
        if (chunk.markWritten) {
          sink.delete(ownKey(MARK, chunk.id));
        }
      } else if (chunk.markChanged) {
        sink.put(ownKey(MARK, chunk.id), chunk.released.get());
        chunk.markWritten = true;
        chunk.markChanged = false;
      }
    }
    deletes.forEach(sink::delete);
    touched.clear();
    deletes.clear();
  }

  /** {@code slots} in key order, as chunks of at most {@link #CHUNK_BYTES} (or one entry); each slot re-pointed. */
  private void writeChunks(List<Slot> slots, Sink sink) {
    int from = 0;
    while (from < slots.size()) {
      int to = from;
      int bytes = 4;
      while (to < slots.size()) {
        int size = 8 + slots.get(to).key().get().length + slots.get(to).length();
        if (to > from && bytes + size > CHUNK_BYTES) {
          break;
        }
        bytes += size;
        to++;
      }
      Bytes[] keys = new Bytes[to - from];
      ByteBuffer record = ByteBuffer.allocate(bytes).putInt(to - from);
      int[] offsets = new int[to - from];
      for (int i = from; i < to; i++) {
        Slot slot = slots.get(i);
        keys[i - from] = slot.key();
        record.putInt(slot.key().get().length).put(slot.key().get()).putInt(slot.length());
        offsets[i - from] = record.position();
        record.put(slot.bytes(), slot.offset(), slot.length());
      }
      Chunk chunk = new Chunk(nextChunk++, keys);
      byte[] value = record.array();
      sink.put(ownKey(CHUNK, chunk.id), value); // first: should it fail, what it holds is still to be written
      for (int i = from; i < to; i++) {
        Slot slot = slots.get(i);
        entries.put(slot.key(), new Slot(slot.key(), chunk, value, offsets[i - from], slot.length()));
        pending.remove(slot.key());
      }
      from = to;
    }
  }

  /**
   * Replaces what is held by what {@code stored} (the store below, in any order) says: its chunks less what their
   * marks released, and any single entries.
   */
  void load(Iterator<KeyValue<Bytes, byte[]>> stored) {
    clear();
    TreeMap<Long, byte[]> chunks = new TreeMap<>();
    Map<Long, Bytes> marks = new HashMap<>();
    List<KeyValue<Bytes, byte[]>> singles = new ArrayList<>();
    long highest = -1;
    while (stored.hasNext()) {
      KeyValue<Bytes, byte[]> record = stored.next();
      byte[] key = record.key.get();
      if (key.length == OWN_KEY_LENGTH && (key[0] == CHUNK || key[0] == MARK)) {
        long id = ByteBuffer.wrap(key, 1, 8).getLong();
        highest = Math.max(highest, id);
        if (key[0] == CHUNK) {
          chunks.put(id, record.value);
        } else {
          marks.put(id, Bytes.wrap(record.value));
        }
      } else {
        singles.add(record);
      }
    }
    nextChunk = highest + 1;
    singles.forEach(single -> entries.put(single.key,
        new Slot(single.key, SINGLE, single.value, 0, single.value.length)));
    chunks.forEach((id, value) -> loadChunk(id, value, marks.remove(id)));
    marks.keySet().forEach(id -> deletes.add(ownKey(MARK, id)));
  }

  private void loadChunk(long id, byte[] value, Bytes released) {
    ByteBuffer in = ByteBuffer.wrap(value);
    int count = in.getInt();
    Bytes[] keys = new Bytes[count];
    int[] offsets = new int[count];
    int[] lengths = new int[count];
    for (int i = 0; i < count; i++) {
      byte[] key = new byte[in.getInt()];
      in.get(key);
      keys[i] = Bytes.wrap(key);
      lengths[i] = in.getInt();
      offsets[i] = in.position();
      in.position(offsets[i] + lengths[i]);
    }
    Chunk chunk = new Chunk(id, keys);
    chunk.released = released;
    chunk.markWritten = released != null;
    for (int i = 0; i < count; i++) {
      if (released != null && keys[i].compareTo(released) <= 0) {
        chunk.live--;
        continue;
      }
      Slot before = entries.put(keys[i], new Slot(keys[i], chunk, value, offsets[i], lengths[i]));
      if (before != null) {
        forget(before); // a later chunk holds it again (an interrupted rewrite): the earlier copy is gone
      }
    }
    if (chunk.live == 0) {
      touched.add(chunk);
    }
  }

  private static Bytes ownKey(byte kind, long id) {
    return Bytes.wrap(ByteBuffer.allocate(OWN_KEY_LENGTH).put(kind).putLong(id).array());
  }
}
