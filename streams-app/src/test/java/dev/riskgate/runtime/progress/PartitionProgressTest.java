package dev.riskgate.runtime.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.runtime.progress.PartitionProgress.Observation;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {
  private static final TopicPartition TX_1 = new TopicPartition("transactions", 1);
  private static final TopicPartition TX_2 = new TopicPartition("transactions", 2);
  private static final long TIMEOUT = 60_000;

  private final PartitionProgress progress = new PartitionProgress(TIMEOUT);

  private static Observation tx1(long committed, long end) {
    return new Observation(TX_1, "0_1", committed, end, () -> "view");
  }

  @Test
  void recordsWaitingAndArrivingWithNoCommittedProgressForTheTimeoutIsAStall() {
    assertThat(progress.update(0, List.of(tx1(100, 120)))).isEmpty();
    assertThat(progress.update(59_999, List.of(tx1(100, 900)))).isEmpty();

    assertThat(progress.update(60_000, List.of(tx1(100, 950)))).singleElement().satisfies(s -> {
      assertThat(s.partition()).isEqualTo(TX_1);
      assertThat(s.task()).isEqualTo("0_1");
      assertThat(s.sinceMs()).isZero();
      assertThat(s.waiting()).isEqualTo(850);
      assertThat(s.detail()).isEqualTo("view");
    });
  }

  @Test
  void kafkaStreamsOwnViewIsReadOnlyForAStalledPartition() {
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.LongFunction<Observation> at = end -> new Observation(TX_1, "0_1", 100, end, () -> {
      reads.incrementAndGet();
      return "view";
    });

    progress.update(0, List.of(at.apply(120)));
    progress.update(30_000, List.of(at.apply(500)));
    assertThat(reads).hasValue(0);

    assertThat(progress.update(60_000, List.of(at.apply(900)))).hasSize(1);
    assertThat(reads).hasValue(1);
  }

  @Test
  void anyCommittedProgressRestartsTheClock() {
    progress.update(0, List.of(tx1(100, 120)));
    progress.update(50_000, List.of(tx1(101, 900)));

    assertThat(progress.update(100_000, List.of(tx1(101, 1_500)))).isEmpty();
    assertThat(progress.update(110_000, List.of(tx1(101, 1_600)))).hasSize(1);
  }

  @Test
  void aCaughtUpPartitionIsNeverStalled() {
    progress.update(0, List.of(tx1(500, 500)));

    assertThat(progress.update(600_000, List.of(tx1(500, 500)))).isEmpty();
  }

  @Test
  void aGapThatNoNewRecordFollowsIsNotAStall() {
    // an aborted transaction at the end of an idle partition: nothing to process, so nothing to commit
    progress.update(0, List.of(tx1(500, 503)));

    assertThat(progress.update(600_000, List.of(tx1(500, 503)))).isEmpty();
    assertThat(progress.update(610_000, List.of(tx1(500, 504)))).hasSize(1);
  }

  @Test
  void aPartitionIsMeasuredAfreshWhenItMovesToAnotherTaskOrComesBack() {
    progress.update(0, List.of(tx1(100, 120), new Observation(TX_2, "0_2", 7, 9, () -> "")));
    progress.update(30_000, List.of(new Observation(TX_2, "0_2", 7, 9, () -> "")));

    assertThat(progress.update(70_000, List.of(tx1(100, 900)))).isEmpty();
    assertThat(progress.update(130_000, List.of(tx1(100, 950)))).singleElement()
        .satisfies(s -> assertThat(s.sinceMs()).isEqualTo(70_000));
  }

  @Test
  void resetForgetsWhenProgressLastMoved() {
    progress.update(0, List.of(tx1(100, 120)));
    progress.reset();

    assertThat(progress.update(60_000, List.of(tx1(100, 900)))).isEmpty();
  }
}
