package dev.riskgate.features;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the card-keyed side tells the merchant-keyed side about one screened transaction: a fixed binary record on
 * the internal merchant-activity topic (key: merchant id), small because every transaction writes one.
 */
public record MerchantActivity(String terminalId, int cardHash, float amount, long eventTime, byte localHour) {

  public byte[] toBytes() {
    byte[] terminal = terminalId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + terminal.length + 4 + 4 + 8 + 1)
        .putShort((short) terminal.length).put(terminal).putInt(cardHash).putFloat(amount).putLong(eventTime)
        .put(localHour)
        .array();
  }

  public static MerchantActivity fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] terminal = new byte[b.getShort()];
    b.get(terminal);
    return new MerchantActivity(new String(terminal, StandardCharsets.UTF_8), b.getInt(), b.getFloat(), b.getLong(),
        b.get());
  }
}
