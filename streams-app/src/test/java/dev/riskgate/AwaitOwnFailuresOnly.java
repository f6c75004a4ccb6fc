package dev.riskgate;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (junit-platform.properties): Awaitility, by default, fails a wait when any thread of
 * the JVM dies of an uncaught exception. A stream thread of an instance an earlier test closed, still stopping after
 * its shutdown timeout, dies that way once its state directory has been removed, and would fail whichever test is
 * waiting at that moment. Riskgate's own stream threads report their failures through Kafka Streams' handler, which
 * the tests observe through the app's state and endpoints; a test's own background threads are watched by what reads
 * their results (the fault tests' WatchedThread), and executors keep a task's failure in its future.
 */
public final class AwaitOwnFailuresOnly implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    Awaitility.doNotCatchUncaughtExceptionsByDefault();
  }
}
