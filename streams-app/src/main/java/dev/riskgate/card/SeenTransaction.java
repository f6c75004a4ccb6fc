package dev.riskgate.card;

import java.nio.ByteBuffer;

/**
 * What the card side remembers of a transactionId it has screened, in its de-duplication store: where and when the
 * original was, so a retry is neither counted again in the card's features nor decided again, and the merchant side
 * places it right after its original. It is also where {@code /api/index/transactions/{id}} finds a transaction.
 */
public record SeenTransaction(long eventTime, int partition, long offset) {
  public byte[] toBytes() {
    return ByteBuffer.allocate(8 + 4 + 8).putLong(eventTime).putInt(partition).putLong(offset).array();
  }

  public static SeenTransaction fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    return new SeenTransaction(in.getLong(), in.getInt(), in.getLong());
  }
}
