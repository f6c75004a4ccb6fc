package dev.riskgate.it.fault;

import dev.riskgate.history.HistoryReader;
import dev.riskgate.it.CardSideBacktest;
import dev.riskgate.replay.TopicRangeHistory;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Transaction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Holds the decisions that came through the faults to a fault-free backtest of the same input: what the broker holds
 * on transactions (also counted per transactionId: the input the instances really had), read back read_committed
 * (each partition in offset order, so each card's order is the order the instances saw) and screened offline with
 * the ruleset the instances ran. Exactly-once means a task restored after a kill or a rebalance resumes from the
 * committed card profiles and retry memory, as if nothing had happened, so every decision, original or retry, must
 * equal the backtest's.
 */
final class FaultFreeBacktest {
  private static final int MISMATCHES_SHOWN = 20;

  /**
   * Decisions compared (one per input record), how many of them were retries and how many originals carried reasons
   * (so that the comparison is seen to cover more than plain approvals), how many were equal, and the first
   * mismatches, described.
   */
  record Agreement(long compared, long retries, long withReasons, long equal, List<String> mismatches,
      Map<String, Integer> inputRecords, long unreadable) {}

  private FaultFreeBacktest() {}

  static Agreement compare(Map<String, Object> clientProperties, String transactionsTopic, Ruleset ruleset,
      DecisionLedger ledger) throws IOException {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long[] equal = {0};
    long[] retries = {0};
    long[] withReasons = {0};
    List<String> mismatches = new ArrayList<>();
    Map<String, Integer> inputRecords = new HashMap<>();
    long[] unreadable = {0};
    long compared;
    try (HistoryReader input = new TopicRangeHistory(
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
        OwnSchemaDeserializers.of(Transaction.class), transactionsTopic, null, null)) {
      compared = CardSideBacktest.run(input, ruleset, backtest -> {
        inputRecords.merge(backtest.getTransactionId(), 1, Integer::sum);
        retries[0] += backtest.getRetry() ? 1 : 0;
        withReasons[0] += !backtest.getRetry() && !backtest.getReasons().isEmpty() ? 1 : 0;
        DecisionLedger.Entry entry = ledger.entries().get(backtest.getTransactionId());
        Decision live = entry == null ? null : backtest.getRetry() ? entry.retry : entry.original;
        List<String> differences =
            live == null ? List.of("no live decision") : CardSideBacktest.differences(live, backtest);
        if (differences.isEmpty()) {
          equal[0]++;
        } else if (mismatches.size() < MISMATCHES_SHOWN) {
          mismatches.add(CardSideBacktest.keyOf(backtest) + ": " + String.join("; ", differences));
        }
      }, bad -> unreadable[0]++);
    }
    return new Agreement(compared, retries[0], withReasons[0], equal[0], mismatches, inputRecords, unreadable[0]);
  }
}
