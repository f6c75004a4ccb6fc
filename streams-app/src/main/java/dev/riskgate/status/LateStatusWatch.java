package dev.riskgate.status;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Tells whether a status change arrives after this instance decided a transaction it covers (same entity, event time
 * at or after the change's effective time): such a decision stands, and the change is counted late. The newest
 * decided event time is kept per entity in a fixed-size sketch (two slots per entity, the smaller of the two is the
 * estimate), so memory does not grow with the number of cards; a shared slot can only overstate, never hide, a late
 * change.
 */
public final class LateStatusWatch {
  private static final int SLOTS = 1 << 18;
  private final AtomicLongArray first = new AtomicLongArray(SLOTS);
  private final AtomicLongArray second = new AtomicLongArray(SLOTS);

  /** A transaction of the entity with this status key was decided at {@code eventTimeMs}. */
  public void decided(String statusKey, long eventTimeMs) {
    int hash = statusKey.hashCode();
    raise(first, slot(hash), eventTimeMs);
    raise(second, slot(Integer.rotateLeft(hash * 0x9E3779B9, 16)), eventTimeMs);
  }

  /** Whether a change of the entity with this key, effective at {@code effectiveTimeMs}, comes too late. */
  public boolean late(String statusKey, long effectiveTimeMs) {
    int hash = statusKey.hashCode();
    long newest = Math.min(first.get(slot(hash)), second.get(slot(Integer.rotateLeft(hash * 0x9E3779B9, 16))));
    return newest != 0 && newest >= effectiveTimeMs;
  }

  private static int slot(int hash) {
    return (hash ^ (hash >>> 16)) & (SLOTS - 1);
  }

  private static void raise(AtomicLongArray slots, int slot, long value) {
    long current = slots.get(slot);
    while (value > current && !slots.compareAndSet(slot, current, value)) {
      current = slots.get(slot);
    }
  }
}
