package dev.riskgate.config;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What Kafka Streams does after an uncaught error in a stream thread ({@code on.stream.failure}). Under exactly-once
 * a replaced thread resumes from the last commit, so a transient failure (registry briefly unreachable, producer
 * fenced) costs a few seconds and loses nothing; the shutdown policies suit errors that a retry cannot fix.
 */
public enum StreamFailurePolicy {
  /** Start a fresh thread that resumes from the last commit. */
  REPLACE_THREAD("replace-thread", StreamThreadExceptionResponse.REPLACE_THREAD),
  /** Stop this instance (state ERROR): liveness fails and the orchestrator restarts it. */
  SHUTDOWN_CLIENT("shutdown-client", StreamThreadExceptionResponse.SHUTDOWN_CLIENT),
  /** Stop every instance of the application id: for errors that would fail on every instance alike. */
  SHUTDOWN_APPLICATION("shutdown-application", StreamThreadExceptionResponse.SHUTDOWN_APPLICATION);

  private final String configValue;
  private final StreamThreadExceptionResponse response;

  StreamFailurePolicy(String configValue, StreamThreadExceptionResponse response) {
    this.configValue = configValue;
    this.response = response;
  }

  public String configValue() {
    return configValue;
  }

  public StreamThreadExceptionResponse response() {
    return response;
  }

  /** The policy named by a configuration value, or null when there is none of that name. */
  public static StreamFailurePolicy parse(String value) {
    String wanted = value == null ? "" : value.trim();
    return Arrays.stream(values()).filter(p -> p.configValue.equals(wanted)).findFirst().orElse(null);
  }

  static String choices() {
    return Arrays.stream(values()).map(StreamFailurePolicy::configValue).collect(Collectors.joining(" | "));
  }
}
