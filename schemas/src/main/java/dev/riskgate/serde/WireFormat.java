package dev.riskgate.serde;

/**
 * Confluent's wire format: magic byte 0, the schema's global id as a 4-byte big-endian int, then Avro binary.
 * Confluent's, Apicurio's (in Confluent mode), kcat's and AKHQ's readers all understand it.
 */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** Subject name under the topic-name strategy: {@code <topic>-value} or {@code <topic>-key}. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  static void writeHeader(byte[] target, int schemaId) {
    target[0] = MAGIC_BYTE;
    target[1] = (byte) (schemaId >>> 24);
    target[2] = (byte) (schemaId >>> 16);
    target[3] = (byte) (schemaId >>> 8);
    target[4] = (byte) schemaId;
  }

  static int readSchemaId(byte[] data) {
    return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
  }
}
