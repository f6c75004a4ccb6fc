package dev.riskgate.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The screening on a thread of its own, while the caller reads and writes. Batches run one after the other, in the
 * order they are submitted, so the rulesets see the input in order as on one thread; only the screening's own state
 * is touched there.
 */
final class RulesetWorker<R> implements AutoCloseable {
  private final String rulesets;
  private final Function<PreparedRecord, R> screen;
  private final ExecutorService thread;

  /**
   * {@code rulesets} names them in messages ("rulesets baseline-3, candidate-4"); {@code screen} is called on the
   * worker thread only, so it may keep unsynchronised state.
   */
  RulesetWorker(String rulesets, Function<PreparedRecord, R> screen) {
    this.rulesets = rulesets;
    this.screen = screen;
    this.thread = Executors.newSingleThreadExecutor(task -> {
      Thread t = new Thread(task, "backtest-screening");
      // a failed or abandoned backtest must never keep the JVM alive
      t.setDaemon(true);
      return t;
    });
  }

  /** Screens the batch in order; element i is what record i produced (null for all but transactions). */
  Future<List<R>> submit(List<PreparedRecord> batch) {
    return thread.submit(() -> {
      List<R> screened = new ArrayList<>(batch.size());
      for (PreparedRecord record : batch) {
        try {
          screened.add(screen.apply(record));
        } catch (RuntimeException e) {
          throw new LineFailure(rulesets + " failed on line " + record.record().line() + ": " + e, e);
        }
      }
      return screened;
    });
  }

  /** Waits for a submitted batch; a failure on the worker thread is rethrown here with its ruleset and line. */
  List<R> await(Future<List<R>> batch) {
    try {
      return batch.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(
          cause instanceof LineFailure ? cause.getMessage() : rulesets + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while screening with " + rulesets, e);
    }
  }

  /** Stops the thread, abandoning queued batches (after a failure elsewhere, nobody waits for them). */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A failure of one record, named by its line so that the message says where the input broke the screening. */
  private static final class LineFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LineFailure(String message, RuntimeException cause) {
      super(message, cause);
    }
  }
}
