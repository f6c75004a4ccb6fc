package dev.riskgate.it.fault;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A test's own background thread (a producer, a reader) whose death fails what reads its results, with its cause:
 * Awaitility does not fail a wait on another thread's uncaught exception here (see AwaitOwnFailuresOnly), so a wait
 * on a dead reader would otherwise only time out, and a dead producer would go unnoticed.
 */
final class WatchedThread {
  private final Thread thread;
  private final AtomicReference<Throwable> death = new AtomicReference<>();

  WatchedThread(String name, Runnable body) {
    thread = new Thread(body, name);
    thread.setUncaughtExceptionHandler((t, e) -> death.set(e));
    thread.start();
  }

  /** Throws if the thread died of an exception. */
  void check() {
    Throwable cause = death.get();
    if (cause != null) {
      throw new IllegalStateException(thread.getName() + " died", cause);
    }
  }

  /** Waits until the thread has ended, then {@link #check}s it. */
  void join() {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + thread.getName() + " to stop", e);
    }
    check();
  }
}
