package dev.riskgate.screening;

import dev.riskgate.schema.Decision;
import dev.riskgate.schema.ErrorKind;

/**
 * What the screen processor reports as it goes, for metrics. Given to the topology when it is built, one
 * per application instance and shared by its stream threads, so implementations must be thread-safe.
 */
public interface ScreeningRecorder {
  /** Records nothing: the offline uses of the topology (tests, detection reports) need no meters. */
  ScreeningRecorder NONE = new ScreeningRecorder() {
    @Override
    public void decided(Decision decision, long recordTimestampMs, long nowMs) {}

    @Override
    public void deadLettered(ErrorKind kind) {}
  };

  /** A decision was emitted for a record with the given timestamp, at {@code nowMs} on the instance's clock. */
  void decided(Decision decision, long recordTimestampMs, long nowMs);

  void deadLettered(ErrorKind kind);

  /**
   * The merchant side got a transaction after it had released later ones: it was decided on arrival, out of
   * event-time order (input out of order, or a card task idle past the timeout).
   */
  default void lateTransaction() {}

  /**
   * A merchant partition stopped waiting for a card task silent past the timeout (not running: a failure, a long
   * rebalance); its transactions that come later than what was released meanwhile are late.
   */
  default void silentUpstream() {}

  /**
   * A transaction reached the merchant side at {@code nowMs}: its event time to here is the card side, the card task's
   * commit and the hop topic.
   */
  default void hopArrived(long eventTimeMs, long nowMs) {}

  /** A transaction waited this long on the merchant side for every card task to pass its event time. */
  default void hopHeld(long heldMs) {}

  /** A published ruleset was refused; the one in force stays. */
  default void rulesetRefused() {}

  /** A status change arrived after this instance had decided a transaction it covers; that decision stands. */
  default void lateStatusChange() {}
}
