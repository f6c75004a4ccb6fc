package dev.riskgate.bench.jmh;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.ScreeningNames;
import dev.riskgate.status.LateStatusWatch;
import dev.riskgate.status.StatusHistoryUpdater;
import dev.riskgate.status.StatusLookup;
import dev.riskgate.status.StatusReasons;
import dev.riskgate.stores.HashKeyValueStore;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The statuses in force at a transaction's event time, as the card side looks them up: a month of generated traffic
 * (20,000 cards, 2,000 merchants), and status histories built by {@link StatusHistoryUpdater} as the global store
 * builds them: {@link #WITH_HISTORY_PERCENT}% of cards, accounts and merchants have one to four changes within the
 * month (a block, its lift, another block...), the rest none. The store is the hash map the global store wraps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StatusLookupBenchmark {
  private static final int SAMPLES = 4096; // a power of two: the index wraps with a mask
  static final int WITH_HISTORY_PERCENT = 3;
  private static final int TRANSACTIONS = 100_000;
  private static final long MONTH = Duration.ofDays(30).toMillis();

  private final HashKeyValueStore<String> store = HashKeyValueStore.offline(ScreeningNames.STATUS_STORE);
  private StatusLookup lookup;
  private final Transaction[] transactions = new Transaction[SAMPLES];
  private final long[] eventTimes = new long[SAMPLES];
  /** Entities with a history, and a time of a transaction to look each one up at. */
  private final List<String> historyKeys = new ArrayList<>();
  private final List<Long> historyTimes = new ArrayList<>();
  private int next;
  private int nextHistory;

  @Setup
  public void buildHistories() {
    RiskgateConfig config = MerchantSideBenchmark.config("jmh-status");
    Topics topics = MerchantSideBenchmark.topics("jmh-status");
    lookup = new StatusLookup(topics.entityStatus().valueSerde().deserializer(), topics.entityStatus().name());
    long start = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    TrafficGenerator generator =
        new TrafficGenerator(new TrafficGenerator.Settings(42, 20_000, 2_000, 0, 0.0, "jmh"));
    Map<String, Long> entities = new LinkedHashMap<>(); // status key -> an event time it was seen at
    for (int i = 0; i < TRANSACTIONS; i++) {
      long t = start + i * (MONTH / TRANSACTIONS);
      Transaction tx = ((TrafficGenerator.TransactionEvent) generator.next(t)).transaction();
      entities.put(StatusReasons.key(EntityType.CARD, tx.getCardToken()), t);
      entities.put(StatusReasons.key(EntityType.ACCOUNT, tx.getAccountId()), t);
      entities.put(StatusReasons.key(EntityType.MERCHANT, tx.getMerchantId()), t);
      if (i >= TRANSACTIONS - SAMPLES) {
        transactions[i - (TRANSACTIONS - SAMPLES)] = tx;
        eventTimes[i - (TRANSACTIONS - SAMPLES)] = t;
      }
    }
    MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    StatusHistoryUpdater updater = new StatusHistoryUpdater(ScreeningNames.STATUS_STORE,
        topics.entityStatus().name(), topics.entityStatus().valueSerde().deserializer(),
        config.maxEventAge().toMillis(), new LateStatusWatch(), () -> { });
    updater.init(context);
    Serializer<EntityStatus> serializer = topics.entityStatus().valueSerde().serializer();
    Random random = new Random(7);
    for (Map.Entry<String, Long> entity : entities.entrySet()) {
      if (random.nextInt(100) >= WITH_HISTORY_PERCENT) {
        continue;
      }
      String key = entity.getKey();
      EntityType type = EntityType.valueOf(key.substring(0, key.indexOf(':')));
      String id = key.substring(key.indexOf(':') + 1);
      int changes = 1 + random.nextInt(4);
      long t = start + (long) (random.nextDouble() * MONTH / 2);
      for (int c = 0; c < changes; c++, t += (long) (random.nextDouble() * MONTH / 4)) {
        Status status = c % 2 == 1 ? Status.ACTIVE : type == EntityType.CARD ? Status.LOST
            : type == EntityType.ACCOUNT ? Status.FROZEN : Status.SUSPENDED;
        EntityStatus value = EntityStatus.newBuilder().setEntityType(type).setEntityId(id).setStatus(status)
            .setReason(status == Status.ACTIVE ? "block lifted" : "reported").setSource("core-banking")
            .setEffectiveTime(Instant.ofEpochMilli(t)).build();
        updater.process(new Record<>(key, serializer.serialize(topics.entityStatus().name(), value), t));
      }
      historyKeys.add(key);
      historyTimes.add(entity.getValue());
    }
  }

  /** One transaction's three look-ups (card, account, merchant); most find no history. */
  @Benchmark
  public int transactionStatuses() {
    int i = next++ & (SAMPLES - 1);
    Transaction tx = transactions[i];
    long t = eventTimes[i];
    StatusLookup.InForce card = inForce(EntityType.CARD, tx.getCardToken(), t);
    StatusLookup.InForce account = inForce(EntityType.ACCOUNT, tx.getAccountId(), t);
    StatusLookup.InForce merchant = inForce(EntityType.MERCHANT, tx.getMerchantId(), t);
    return (card.status() == null ? 0 : 1) + (account.status() == null ? 0 : 2) + (merchant.status() == null ? 0 : 4);
  }

  /** One look-up of an entity that has a history: the history decoded, the change in force read (Avro). */
  @Benchmark
  public StatusLookup.InForce entityWithHistory() {
    int i = nextHistory++;
    if (nextHistory == historyKeys.size()) {
      nextHistory = 0;
    }
    return lookup.inForce(store.get(historyKeys.get(i)), historyTimes.get(i));
  }

  private StatusLookup.InForce inForce(EntityType type, String id, long eventTime) {
    return lookup.inForce(store.get(StatusReasons.key(type, id)), eventTime);
  }
}
