package dev.riskgate.card;

import java.nio.ByteBuffer;

/**
 * What the card side remembers of a transactionId it has screened: where and when the original was, so a retry is
 * neither counted again in the card's features nor decided again, and the merchant side places it right after its
 * original. Kept in the card's profile while its ring lists the transaction ({@link CardRetryMemory}), in the
 * de-duplication store after that, where {@code /api/index/transactions/{id}} finds it too.
 */
public record SeenTransaction(long eventTime, int partition, long offset) {
  public byte[] toBytes() {
    return ByteBuffer.allocate(8 + 4 + 8).putLong(eventTime).putInt(partition).putLong(offset).array();
  }

  /**
   * The de-duplication store's key for a transaction known by its id hash only (it left a card's ring, which keeps no
   * ids): led by a NUL character, which no transactionId an acquirer assigns begins with.
   */
  public static String hashKey(long idHash) {
    return "\u0000#" + Long.toHexString(idHash);
  }

  public static SeenTransaction fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    return new SeenTransaction(in.getLong(), in.getInt(), in.getLong());
  }
}
