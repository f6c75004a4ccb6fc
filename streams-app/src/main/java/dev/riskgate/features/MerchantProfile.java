package dev.riskgate.features;

import java.nio.ByteBuffer;

/**
 * The merchant-keyed state: the merchant's last {@link #RING} small-amount transactions (time, terminal, card), in
 * one record. Enough to count the distinct cards probing a terminal within minutes, the signature of a BIN attack.
 */
public final class MerchantProfile {
  static final int RING = 48;
  /** Reference-currency amount under which a payment counts as small (a probe of stolen card data). */
  public static final double SMALL_AMOUNT = 2.0;
  private static final long WINDOW = 10 * 60_000L;

  final long[] times = new long[RING];
  final int[] terminals = new int[RING];
  final int[] cards = new int[RING];
  final boolean[] small = new boolean[RING];
  int size;
  int next;

  /** Adds a transaction and returns {distinct cards, distinct small-amount cards} on its terminal in 10 minutes. */
  public int[] add(MerchantActivity activity) {
    int terminal = activity.terminalId().hashCode();
    times[next] = activity.eventTime();
    terminals[next] = terminal;
    cards[next] = activity.cardHash();
    small[next] = activity.amount() < SMALL_AMOUNT;
    next = (next + 1) % RING;
    size = Math.min(size + 1, RING);
    int[] seen = new int[RING];
    int[] seenSmall = new int[RING];
    int distinct = 0;
    int distinctSmall = 0;
    for (int i = 0; i < size; i++) {
      long age = activity.eventTime() - times[i];
      if (terminals[i] != terminal || age < 0 || age >= WINDOW) {
        continue;
      }
      distinct = addDistinct(seen, distinct, cards[i]);
      if (small[i]) {
        distinctSmall = addDistinct(seenSmall, distinctSmall, cards[i]);
      }
    }
    return new int[] {distinct, distinctSmall};
  }

  private static int addDistinct(int[] seen, int count, int value) {
    for (int i = 0; i < count; i++) {
      if (seen[i] == value) {
        return count;
      }
    }
    seen[count] = value;
    return count + 1;
  }

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(8 + size * (8 + 4 + 4 + 1));
    b.putInt(size).putInt(next);
    for (int i = 0; i < size; i++) {
      b.putLong(times[i]).putInt(terminals[i]).putInt(cards[i]).put((byte) (small[i] ? 1 : 0));
    }
    return b.array();
  }

  public static MerchantProfile fromBytes(byte[] bytes) {
    MerchantProfile p = new MerchantProfile();
    if (bytes == null) {
      return p;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    p.size = b.getInt();
    p.next = b.getInt();
    for (int i = 0; i < p.size; i++) {
      p.times[i] = b.getLong();
      p.terminals[i] = b.getInt();
      p.cards[i] = b.getInt();
      p.small[i] = b.get() == 1;
    }
    return p;
  }
}
