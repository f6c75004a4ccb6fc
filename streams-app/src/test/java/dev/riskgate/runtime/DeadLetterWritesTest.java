package dev.riskgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.internals.RecordCollectorImpl;
import org.junit.jupiter.api.Test;

class DeadLetterWritesTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private final DeadLetterWrites writes = new DeadLetterWrites("rg.dead-letters", clock::get);

  /** The words Kafka Streams itself puts on a failed send, read from the version on the class path. */
  private static StreamsException sendFailure(String topic, Exception cause) throws Exception {
    Field format = RecordCollectorImpl.class.getDeclaredField("SEND_EXCEPTION_MESSAGE");
    format.setAccessible(true);
    return new StreamsException(String.format((String) format.get(null), topic, "1_0", cause), cause);
  }

  @Test
  void aDeadLetterRefusedFatallyMakesTheInstanceUnreadyWithTheReason() throws Exception {
    TopicAuthorizationException refused = new TopicAuthorizationException(java.util.Set.of("rg.dead-letters"));
    assertThat(writes.failedFatally(new StreamsException(sendFailure("rg.dead-letters", refused)))).isTrue();
    assertThat(writes.problems()).singleElement().asString()
        .startsWith("dead letters cannot be written to rg.dead-letters: ")
        .contains("TopicAuthorizationException");
    clock.addAndGet(DeadLetterWrites.UNREADY_FOR.toMillis());
    assertThat(writes.problems()).as("ready again once dead letters stop failing").isEmpty();
  }

  @Test
  void otherThreadFailuresAreNotTakenForADeadLetter() throws Exception {
    assertThat(writes.failedFatally(sendFailure("rg.decisions", new TopicAuthorizationException("no")))).isFalse();
    assertThat(writes.failedFatally(sendFailure("rg.dead-letters-2", new TopicAuthorizationException("no"))))
        .isFalse();
    assertThat(writes.failedFatally(new IllegalStateException("boom"))).isFalse();
    assertThat(writes.problems()).isEmpty();
  }
}
