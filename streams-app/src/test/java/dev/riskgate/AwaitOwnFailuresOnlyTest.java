package dev.riskgate;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AwaitOwnFailuresOnlyTest {
  @Test
  void aThreadDyingElsewhereDoesNotFailAWait() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    Thread stray = new Thread(() -> {
      try {
        waiting.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("a stream thread of an instance closed by an earlier test");
    }, "stray");
    stray.setDaemon(true);
    stray.start();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
      waiting.countDown(); // dies while this wait is on
      return !stray.isAlive();
    });
  }
}
