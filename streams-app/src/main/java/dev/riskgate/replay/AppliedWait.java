package dev.riskgate.replay;

/**
 * Holds a replay back until the riskgate app has applied a record it sent to a global topic (a status change) on
 * every instance, so that the transactions after it are decided with it in force, as the backtest decides them.
 */
@FunctionalInterface
public interface AppliedWait {
  /** Does not wait: status changes may then reach the app after transactions they cover (they are counted late). */
  AppliedWait NONE = (topic, partition, offset) -> { };

  /** Returns once every instance has applied {@code topic}-{@code partition} through {@code offset}. */
  void await(String topic, int partition, long offset) throws Exception;
}
