package dev.riskgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.replay.AppliedWait;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Waits on a running app's {@code /api/progress} until every instance has applied a record of a global topic. */
public final class AppProgressWait implements AppliedWait {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();
  private final String app;
  private final RiskgateConfig cfg;

  private AppProgressWait(String app, RiskgateConfig cfg) {
    this.app = app;
    this.cfg = cfg;
  }

  /** Waits on the app at {@code app}; when none answers there, says so and does not wait. */
  public static AppliedWait at(String app, RiskgateConfig cfg, PrintStream err) {
    try {
      AppClient.get(app, "/api/progress", cfg);
      return new AppProgressWait(app, cfg);
    } catch (IOException e) {
      err.println("warning: " + e.getMessage() + "; status changes will not be awaited, so one that reaches the app "
          + "after transactions it covers leaves their decisions as they were (riskgate_status_changes_late_total)");
      return AppliedWait.NONE;
    }
  }

  @Override
  public void await(String topic, int partition, long offset) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      JsonNode progress = AppClient.get(app, "/api/progress", cfg);
      if (appliedEverywhere(progress, topic, partition, offset)) {
        return;
      }
      last = progress.toString();
      LockSupport.parkNanos(POLL_NANOS);
    }
    throw new TimeoutException("the app at " + app + " has not applied " + topic + "-" + partition + "@" + offset
        + " on every instance within " + TIMEOUT + " (is it running, and reading this topic?); last answer: " + last);
  }

  /** Whether every instance in a {@code /api/progress} answer has applied the partition through {@code offset}. */
  public static boolean appliedEverywhere(JsonNode progress, String topic, int partition, long offset) {
    JsonNode instances = progress.path("instances");
    if (!instances.isArray() || instances.isEmpty()) {
      return false;
    }
    for (JsonNode instance : instances) {
      if (instance.path("applied").path(topic).path(String.valueOf(partition)).asLong(0) <= offset) {
        return false;
      }
    }
    return true;
  }
}
