package dev.riskgate.analyst;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Where reading starts in every partition: {@code beginning}, {@code end}, {@code offset:N} ({@code offset:-N}: N
 * offsets before the end, commit markers of exactly-once writers included), or a time (absolute or relative, see {@link TimeArgument}): the first record at or after
 * it.
 */
public sealed interface StartPosition {
  String FORMS = "beginning, end, offset:N, offset:-N (N offsets before the end), or a time: " + TimeArgument.FORMS;

  record Beginning() implements StartPosition {}

  record End() implements StartPosition {}

  record AtOffset(long offset) implements StartPosition {}

  record AtTime(Instant time) implements StartPosition {}

  static StartPosition parse(String text, Instant now) {
    String t = text.trim();
    if (t.equals("beginning")) {
      return new Beginning();
    }
    if (t.equals("end")) {
      return new End();
    }
    if (t.startsWith("offset:")) {
      try {
        return new AtOffset(Long.parseLong(t.substring("offset:".length())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "': offset:N needs a whole number");
      }
    }
    try {
      return new AtTime(TimeArgument.parse(t, now));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a start position; use " + FORMS);
    }
  }

  /** Seeks every assigned partition; an offset outside a partition's range is brought to its nearest end. */
  default void seek(Consumer<?, ?> consumer, List<TopicPartition> partitions) {
    if (this instanceof Beginning) {
      consumer.seekToBeginning(partitions);
    } else if (this instanceof End) {
      consumer.seekToEnd(partitions);
    } else if (this instanceof AtOffset at) {
      Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (TopicPartition tp : partitions) {
        long wanted = at.offset() < 0 ? end.get(tp) + at.offset() : at.offset();
        consumer.seek(tp, Math.max(first.get(tp), Math.min(end.get(tp), wanted)));
      }
    } else if (this instanceof AtTime at) {
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(tp -> query.put(tp, at.time().toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (TopicPartition tp : partitions) {
        OffsetAndTimestamp hit = found.get(tp);
        consumer.seek(tp, hit == null ? end.get(tp) : hit.offset()); // nothing that late yet: start at the end
      }
    }
  }
}
