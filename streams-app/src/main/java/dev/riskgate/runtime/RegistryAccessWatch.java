package dev.riskgate.runtime;

import dev.riskgate.registry.RegistryAccessDeniedException;
import dev.riskgate.registry.RegistryUnavailableException;
import dev.riskgate.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the registry refuses riskgate's credentials, or cannot be reached past the client's own retries, the instance
 * stops consuming and is unready until the registry answers again: Kafka Streams is paused (no stream thread replaced
 * in a loop, no record touched), a probe asks the registry every {@link #PROBE_EVERY}, and processing resumes where it
 * stopped once it answers. The probe asks for one subject riskgate registered: should the registry answer it but
 * still fail the record's own question, the next failure pauses again.
 */
final class RegistryAccessWatch implements AutoCloseable {
  static final Duration PROBE_EVERY = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(RegistryAccessWatch.class);

  private final KafkaStreams streams;
  private final SchemaRegistryClient registry;
  private final String probeSubject;
  private final boolean pauseWhenUnreachable;
  private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "registry-access-probe");
    t.setDaemon(true);
    return t;
  });
  private volatile String reason;

  /**
   * {@code probeSubject}: a subject riskgate registered, asked for to see whether the registry answers again;
   * {@code pauseWhenUnreachable}: whether a registry that does not answer pauses too (refused credentials always do).
   */
  RegistryAccessWatch(KafkaStreams streams, SchemaRegistryClient registry, String probeSubject,
      boolean pauseWhenUnreachable) {
    this.streams = streams;
    this.registry = registry;
    this.probeSubject = probeSubject;
    this.pauseWhenUnreachable = pauseWhenUnreachable;
  }

  /**
   * Whether {@code failure} (a stream thread's) is the registry refusing riskgate's credentials or (when told to pause
   * for it) staying unreachable past the client's retries; if so, pauses.
   */
  boolean pauseIfUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof RegistryUnavailableException unavailable
          && (pauseWhenUnreachable || unavailable instanceof RegistryAccessDeniedException)) {
        String why = (unavailable instanceof RegistryAccessDeniedException
            ? "the registry refuses riskgate's credentials: " : "the registry does not answer: ")
            + unavailable.getMessage();
        synchronized (this) {
          streams.pause(); // again on every failure: a thread failing while the probe resumed must not run on
          if (reason == null) {
            reason = why;
            log.error("Processing paused, the instance unready, until the registry answers again (asked every {}): "
                + "{}", PROBE_EVERY, why);
            schedule();
          }
        }
        return true;
      }
    }
    return false;
  }

  private void schedule() {
    try {
      probe.schedule(this::check, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing: nothing to resume
    }
  }

  private void check() {
    try {
      registry.latest(probeSubject);
    } catch (RegistryUnavailableException e) {
      schedule(); // still refused or unreachable: ask again later
      return;
    } catch (RuntimeException e) {
      // any other answer (the subject gone, say) means the registry answers and takes the credentials
    }
    synchronized (this) {
      reason = null;
      streams.resume();
    }
    log.info("The registry answers again: processing resumes");
  }

  /** Why the instance is unready, while the registry refuses it or does not answer. */
  List<String> problems() {
    String why = reason;
    return why == null ? List.of() : List.of(why);
  }

  @Override
  public void close() {
    probe.shutdownNow();
  }
}
