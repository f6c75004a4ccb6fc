package dev.riskgate.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes could not be decoded. Names the topic and, where the caller knows them, partition and offset,
 * so an operator can find the record; {@link #kind()} says what was wrong.
 */
public class WireFormatException extends SerializationException {

  public enum Kind {
    /** First byte is not the Confluent magic byte 0: not written by a schema-registry serializer. */
    UNKNOWN_MAGIC_BYTE,
    /** The registry does not know the schema id in the header. */
    UNKNOWN_SCHEMA_ID,
    /** Fewer bytes than the header or the Avro record needs. */
    TRUNCATED,
    /** The Avro body does not decode with the writer's schema. */
    CORRUPT,
    /** The schema id is new to this process and the registry cannot be reached: transient, retry later. */
    REGISTRY_UNAVAILABLE
  }

  private final Kind kind;
  private final String topic;
  private final int partition;
  private final long offset;
  private final String detail;

  public WireFormatException(Kind kind, String topic, String detail, Throwable cause) {
    this(kind, topic, -1, -1L, detail, cause);
  }

  private WireFormatException(Kind kind, String topic, int partition, long offset, String detail, Throwable cause) {
    super(describe(topic, partition, offset) + ": " + detail, cause);
    this.kind = kind;
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.detail = detail;
  }

  /** The same error with the record's coordinates, for processors that know them. */
  public WireFormatException at(int partition, long offset) {
    return new WireFormatException(kind, topic, partition, offset, detail, getCause());
  }

  public Kind kind() {
    return kind;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  public long offset() {
    return offset;
  }

  /** What was wrong, without the coordinates. */
  public String detail() {
    return detail;
  }

  private static String describe(String topic, int partition, long offset) {
    String where = "topic " + topic;
    if (partition >= 0) {
      where += " partition " + partition;
    }
    if (offset >= 0) {
      where += " offset " + offset;
    }
    return where;
  }
}
