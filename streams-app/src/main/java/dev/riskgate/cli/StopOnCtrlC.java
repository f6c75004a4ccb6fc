package dev.riskgate.cli;

import org.apache.kafka.clients.consumer.Consumer;

/**
 * Ctrl-C (SIGINT/SIGTERM) ends a reading tool's loop and lets it print its totals before the JVM exits. Closing it
 * removes the hook, so a command run inside a longer-lived JVM (tests) leaves nothing behind.
 */
final class StopOnCtrlC implements AutoCloseable {
  private static final long GRACE_MS = 3_000;
  private final Thread hook;

  private StopOnCtrlC(Thread hook) {
    this.hook = hook;
  }

  static StopOnCtrlC install(Runnable markStopping, Consumer<?, ?> consumer) {
    Thread reader = Thread.currentThread();
    Thread hook = new Thread(() -> {
      markStopping.run();
      consumer.wakeup();
      try {
        reader.join(GRACE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "riskgate-ctrl-c");
    Runtime.getRuntime().addShutdownHook(hook);
    return new StopOnCtrlC(hook);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it is what stopped the loop
    }
  }
}
