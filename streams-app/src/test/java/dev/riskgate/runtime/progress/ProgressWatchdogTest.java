package dev.riskgate.runtime.progress;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.riskgate.runtime.progress.PartitionProgress.Observation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The watchdog against offsets and a clock we control: what it logs, counts and tells readiness. */
class ProgressWatchdogTest {
  private static final TopicPartition TX_4 = new TopicPartition("fault.transactions", 4);

  private final AtomicLong clock = new AtomicLong();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ProgressWatchdog.class);
  private ProgressSource.Snapshot snapshot = ProgressSource.Snapshot.NOT_RUNNING;
  private ProgressWatchdog watchdog;

  @BeforeEach
  void watch() {
    logged.start();
    logger.addAppender(logged);
    ProgressSource source = new ProgressSource() {
      @Override
      public Snapshot observe() {
        return snapshot;
      }

      @Override
      public void close() {}
    };
    watchdog = new ProgressWatchdog(Duration.ofSeconds(60), source, meters, clock::get);
  }

  @AfterEach
  void stop() {
    watchdog.close();
    logger.detachAppender(logged);
  }

  private void at(long ms, long committed, long end) throws Exception {
    clock.set(ms);
    snapshot = new ProgressSource.Snapshot(true, List.of(new Observation(TX_4, "0_4", committed, end,
        () -> "thread StreamThread-1 fetched up to offset " + (committed - 1) + ", committed " + committed)));
    watchdog.check();
  }

  private double stalledGauge() {
    return meters.get(ProgressWatchdog.STALLED_GAUGE).gauge().value();
  }

  private double stallsCounted() {
    return meters.get(ProgressWatchdog.STALLS_COUNTER).counter().count();
  }

  @Test
  void aStalledPartitionIsLoggedOnceWithItsTaskCountedAndKeepsReadinessDownUntilItMoves() throws Exception {
    at(0, 19_433, 19_500);
    at(30_000, 19_433, 20_400);
    assertThat(watchdog.stalledPartitions()).isEmpty();
    assertThat(stalledGauge()).isZero();

    at(60_000, 19_433, 21_400);
    at(70_000, 19_433, 21_700);

    assertThat(watchdog.stalledPartitions()).containsExactly("fault.transactions-4 (task 0_4)");
    assertThat(stalledGauge()).isEqualTo(1);
    assertThat(stallsCounted()).isEqualTo(1);
    assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
        .extracting(ILoggingEvent::getFormattedMessage).asString()
        .contains("No progress on fault.transactions-4 (task 0_4) for 60 s while RUNNING", "committed offset 19433",
            "1967 records waiting", "fetched up to offset 19432");

    at(80_000, 19_434, 21_800);

    assertThat(watchdog.stalledPartitions()).isEmpty();
    assertThat(stalledGauge()).isZero();
    assertThat(stallsCounted()).isEqualTo(1);
    assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.INFO).singleElement()
        .extracting(ILoggingEvent::getFormattedMessage).asString()
        .isEqualTo("fault.transactions-4 (task 0_4) is no longer stalled");
  }

  @Test
  void aRebalanceIsNoStallAndProgressIsMeasuredAfreshAfterIt() throws Exception {
    at(0, 100, 200);
    clock.set(50_000);
    snapshot = ProgressSource.Snapshot.NOT_RUNNING;
    watchdog.check();

    at(70_000, 100, 900);

    assertThat(watchdog.stalledPartitions()).isEmpty();
    at(130_000, 100, 1_000);
    assertThat(watchdog.stalledPartitions()).hasSize(1);
  }
}
