package dev.riskgate.status;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The status history of one entity as the status store keeps it: every change of the last {@code horizon}, oldest
 * first, so that a transaction gets the status in force at its own event time whatever the order in which changes and
 * transactions arrive. A version keeps the record's value as written (raw bytes: the global thread must never fail on
 * a registry outage, so values are decoded when looked up).
 *
 * <p>A version is placed at its effective time. A tombstone has none and is placed at its record timestamp; so is a
 * value that could not be read when it arrived, until a look-up reads it.
 */
public final class StatusHistory {
  /** Versions kept per entity at most, whatever their age: a source flapping a status cannot grow the store. */
  static final int MAX_VERSIONS = 256;
  private static final byte FORMAT = 1;

  /**
   * One change. {@code time}: effective time, or record timestamp when {@code readable} is false; {@code value}: the
   * record's bytes, null for a tombstone (which lifts any block from {@code time}).
   */
  public record Version(long time, boolean readable, byte[] value) {
    public boolean tombstone() {
      return value == null;
    }
  }

  private StatusHistory() {}

  /** The versions of a stored history, oldest first; empty for null. */
  public static List<Version> versions(byte[] stored) {
    List<Version> versions = new ArrayList<>();
    if (stored == null) {
      return versions;
    }
    ByteBuffer in = ByteBuffer.wrap(stored);
    if (in.get() != FORMAT) {
      throw new IllegalStateException("not a status history of format " + FORMAT);
    }
    int count = in.getInt();
    for (int i = 0; i < count; i++) {
      long time = in.getLong();
      byte flags = in.get();
      int length = in.getInt();
      byte[] value = null;
      if (length >= 0) {
        value = new byte[length];
        in.get(value);
      }
      versions.add(new Version(time, (flags & 1) != 0, value));
    }
    return versions;
  }

  /**
   * {@code stored} with {@code version} added after every version of the same or an earlier time (a later arrival
   * at the same effective time wins), then trimmed: versions older than {@code horizonMs} before the newest are
   * dropped, except the newest of them, which is still in force at the start of the horizon.
   */
  public static byte[] with(byte[] stored, Version version, long horizonMs) {
    List<Version> versions = versions(stored);
    int at = versions.size();
    while (at > 0 && versions.get(at - 1).time() > version.time()) {
      at--;
    }
    versions.add(at, version);
    long start = versions.get(versions.size() - 1).time() - horizonMs;
    int firstKept = 0;
    while (firstKept + 1 < versions.size() && versions.get(firstKept + 1).time() <= start) {
      firstKept++;
    }
    firstKept = Math.max(firstKept, versions.size() - MAX_VERSIONS);
    return encode(versions.subList(firstKept, versions.size()));
  }

  static byte[] encode(List<Version> versions) {
    int size = 1 + 4;
    for (Version v : versions) {
      size += 8 + 1 + 4 + (v.value() == null ? 0 : v.value().length);
    }
    ByteBuffer out = ByteBuffer.allocate(size).put(FORMAT).putInt(versions.size());
    for (Version v : versions) {
      out.putLong(v.time()).put((byte) (v.readable() ? 1 : 0)).putInt(v.value() == null ? -1 : v.value().length);
      if (v.value() != null) {
        out.put(v.value());
      }
    }
    return out.array();
  }
}
