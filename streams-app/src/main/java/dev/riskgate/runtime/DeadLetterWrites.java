package dev.riskgate.runtime;

import dev.riskgate.privacy.PanDetector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether dead letters can be written. A dead letter that cannot be written (the topic gone, a write refused, a
 * record over what the topic takes) fails its stream thread, which is replaced and reads the record again: nothing is
 * skipped. Meanwhile the instance is unready, and says why, for as long as such failures keep coming
 * ({@link #UNREADY_FOR} after the last).
 */
public final class DeadLetterWrites {
  /** The key under which the app hands this to its production exception handler through the Streams config. */
  public static final String CONFIG_KEY = "riskgate.dead.letter.writes";
  static final Duration UNREADY_FOR = Duration.ofSeconds(15);
  private static final Logger log = LoggerFactory.getLogger(DeadLetterWrites.class);

  private final String topic;
  private final LongSupplier clock;
  private volatile long lastFailureMs = Long.MIN_VALUE;
  private volatile String lastFailure;
  private volatile Exception lastException;

  DeadLetterWrites(String topic, LongSupplier clock) {
    this.topic = topic;
    this.clock = clock;
  }

  void failed(Exception e) {
    lastException = e;
    lastFailure = PanDetector.mask(String.valueOf(e));
    lastFailureMs = clock.getAsLong();
    log.error("Cannot write a dead letter to {} ({}): the record is read again by a new stream thread and nothing is "
        + "skipped; the instance is unready until dead letters go through", topic, lastFailure);
  }

  /**
   * Whether a stream thread failed on a dead letter that Kafka Streams does not hand to the production exception
   * handler (an authorization refusal, an invalid topic: fatal to the thread), told by the message Kafka Streams gives
   * a failed send; if so, it counts as a failed dead letter.
   */
  boolean failedFatally(Throwable threadFailure) {
    String prefix = "Error encountered sending record to topic " + topic + " for task ";
    for (Throwable t = threadFailure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof org.apache.kafka.streams.errors.StreamsException && t.getMessage() != null
          && t.getMessage().startsWith(prefix)) {
        Exception cause = t.getCause() instanceof Exception c ? c : (Exception) t;
        if (cause != lastException) { // the production exception handler has not reported this one already
          failed(cause);
        }
        return true;
      }
    }
    return false;
  }

  /** Why the instance is unready, if dead letters failed lately. */
  List<String> problems() {
    long since = lastFailureMs;
    return since != Long.MIN_VALUE && clock.getAsLong() - since < UNREADY_FOR.toMillis()
        ? List.of("dead letters cannot be written to " + topic + ": " + lastFailure) : List.of();
  }

  /**
   * Kafka Streams' default handling (retry what is retriable, fail the rest), telling the app when what failed is a
   * dead letter.
   */
  public static final class Handler extends DefaultProductionExceptionHandler {
    private DeadLetterWrites writes;

    @Override
    public void configure(Map<String, ?> configs) {
      super.configure(configs);
      writes = (DeadLetterWrites) configs.get(CONFIG_KEY);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception e) {
      Response response = super.handleError(context, record, e);
      if (writes != null && record != null && writes.topic.equals(record.topic())) {
        writes.failed(e);
      }
      return response;
    }
  }
}
