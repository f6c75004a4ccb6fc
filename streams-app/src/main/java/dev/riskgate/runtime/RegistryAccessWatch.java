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
 * When the registry refuses riskgate's credentials, the instance stops consuming and is unready until the registry
 * takes them again: Kafka Streams is paused (no stream thread replaced in a loop, no record touched), a probe asks
 * the registry every {@link #PROBE_EVERY}, and processing resumes where it stopped once it answers.
 */
final class RegistryAccessWatch implements AutoCloseable {
  static final Duration PROBE_EVERY = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(RegistryAccessWatch.class);

  private final KafkaStreams streams;
  private final SchemaRegistryClient registry;
  private final String probeSubject;
  private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "registry-access-probe");
    t.setDaemon(true);
    return t;
  });
  private volatile String refused;

  /** {@code probeSubject}: a subject riskgate registered, asked for to see whether the registry answers again. */
  RegistryAccessWatch(KafkaStreams streams, SchemaRegistryClient registry, String probeSubject) {
    this.streams = streams;
    this.registry = registry;
    this.probeSubject = probeSubject;
  }

  /** Whether {@code failure} (a stream thread's) is the registry refusing riskgate's credentials; if so, pauses. */
  boolean pauseIfRefused(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RegistryAccessDeniedException denied) {
        synchronized (this) {
          streams.pause(); // again on every refusal: a thread refused while the probe resumed must not run on
          if (refused == null) {
            refused = denied.getMessage();
            log.error("The registry refuses riskgate's credentials: processing paused, the instance unready, until "
                + "it takes them again (asked every {}): {}", PROBE_EVERY, refused);
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
      schedule(); // still refused (or unreachable): ask again later
      return;
    } catch (RuntimeException e) {
      // any other answer (the subject gone, say) means the registry took the credentials
    }
    synchronized (this) {
      refused = null;
      streams.resume();
    }
    log.info("The registry takes riskgate's credentials again: processing resumes");
  }

  /** Why the instance is unready, while the registry refuses it. */
  List<String> problems() {
    String why = refused;
    return why == null ? List.of() : List.of("the registry refuses riskgate's credentials: " + why);
  }

  @Override
  public void close() {
    probe.shutdownNow();
  }
}
