package dev.riskgate.bench.jmh;

import dev.riskgate.area.AreaProcessor;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.decision.DecisionMemory;
import dev.riskgate.features.AreaKey;
import dev.riskgate.features.AreaProfile;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.HopRecord;
import dev.riskgate.screening.ScreeningNames;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.stores.HashKeyValueStore;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The area side per tiny payment, without a broker: {@link AreaProcessor} itself over in-memory stores, fed what the
 * merchant side sends on: generated traffic with every amount made tiny, each payment keyed by its area and sent by
 * its merchant's task (one of six), with an observation for each neighbouring area within reach of a cell's edge. A
 * payment every 100 ms after 20,000 of history, so the busy areas' rings of out-of-place tiny payments are full. The
 * default ruleset decides.
 *
 * <p>Traffic replays in laps, as in {@link MerchantSideBenchmark}: at each lap's start the area profiles go back to
 * what they were at the first lap's start and the alignment starts empty.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AreaSideBenchmark {
  private static final int LAP = 16_384;
  private static final int HISTORY = 20_000;
  /** Merchant partitions, as with the default six topic partitions. */
  private static final int MERCHANT_TASKS = 6;
  private static final long START = java.time.Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
  private static final long WALL_CLOCK = START + Duration.ofDays(30).toMillis();

  /** What the merchant side sends on for one tiny payment: its own record, then its neighbours' observations. */
  private record SentOn(String[] areas, byte[][] values, long eventTime) {}

  @State(Scope.Thread)
  public static class Live {
    private RiskgateConfig config;
    private Topics topics;
    private Ruleset ruleset;
    private final MockProcessorContext<Object, Object> context = MerchantSideBenchmark.context();
    private final SentOn[] payments = new SentOn[LAP];
    private final List<KeyValue<String, byte[]>> profilesAtStart = new ArrayList<>();
    private final List<byte[]> profileBytes = new ArrayList<>();
    private final List<AreaProfile> decodedProfiles = new ArrayList<>();
    private final List<Transaction> lapTransactions = new ArrayList<>();
    private final List<FeatureVector> lapFeatures = new ArrayList<>();
    /** Each lap payment's own area's profile as at the lap's start, decoded. */
    private final List<AreaProfile> lapProfiles = new ArrayList<>();
    private int nextProfile;
    private int nextPayment;
    private AreaProcessor processor;
    private int next;
    /** Records per tiny payment (its own and the neighbours' observations), printed once at setup. */
    private int records;

    int nextProfile() {
      int i = nextProfile++;
      if (nextProfile == profileBytes.size()) {
        nextProfile = 0;
      }
      return i;
    }

    /** Where the next op on one payment of the lap reads: the payments in turn. */
    int nextPayment() {
      int i = nextPayment++;
      if (nextPayment == LAP) {
        nextPayment = 0;
      }
      return i;
    }

    @Setup
    public void replayHistory() {
      config = MerchantSideBenchmark.config("jmh-area-live");
      topics = MerchantSideBenchmark.topics("jmh-area-live");
      ruleset = Rulesets.defaultRuleset();
      context.setCurrentSystemTimeMs(WALL_CLOCK);
      BenchStores.add(context, Stores.windowStoreBuilder(Stores.inMemoryWindowStore(
          ScreeningNames.AREA_DECISION_STORE, Duration.ofMillis(DecisionMemory.retentionMs(
              config.dedupeWindow().toMillis())), config.dedupeWindow(), false), Serdes.String(),
          Serdes.ByteArray()).withLoggingDisabled().build());
      BenchStores.add(context, HashKeyValueStore.offline(ScreeningNames.RULESET_STORE));
      BenchStores.add(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
          ScreeningNames.AREA_PROFILE_STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
      BenchStores.add(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
          ScreeningNames.AREA_ALIGNMENT_STORE), Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build());
      BenchStores.add(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
          ScreeningNames.AREA_WATERMARK_STORE), Serdes.Integer(), Serdes.Long()).withLoggingDisabled().build());
      startLap();
      ScreenedTraffic traffic = new ScreenedTraffic(topics, ruleset.currencies(), 20_000, 2_000, START, 100, true);
      for (int i = 0; i < HISTORY; i++) {
        process(sentOn(traffic.next()));
      }
      for (int i = 0; i < LAP; i++) {
        HopRecord hop = traffic.next();
        payments[i] = sentOn(hop);
        records += payments[i].areas.length;
        lapTransactions.add(hop.transaction(null));
        lapFeatures.add(hop.features);
      }
      KeyValueStore<String, byte[]> profiles = context.getStateStore(ScreeningNames.AREA_PROFILE_STORE);
      try (KeyValueIterator<String, byte[]> all = profiles.all()) {
        all.forEachRemaining(profilesAtStart::add);
      }
      java.util.Map<String, AreaProfile> byArea = new java.util.HashMap<>();
      for (KeyValue<String, byte[]> kv : profilesAtStart) {
        profileBytes.add(kv.value);
        decodedProfiles.add(AreaProfile.fromBytes(kv.value));
        byArea.put(kv.key, decodedProfiles.get(decodedProfiles.size() - 1));
      }
      lapTransactions.forEach(tx -> lapProfiles.add(byArea.getOrDefault(AreaKey.of(tx), AreaProfile.fromBytes(null))));
      System.out.printf("%n%d areas, %.2f records per tiny payment (observations by neighbouring areas included)%n",
          profilesAtStart.size(), records / (double) LAP);
      startLap();
    }

    /** As the merchant side sends it on: by its merchant's task, to its area and to the neighbours in reach. */
    private static SentOn sentOn(HopRecord hop) {
      Transaction tx = hop.transaction(null);
      int sender = Math.floorMod(tx.getMerchantId().hashCode(), MERCHANT_TASKS);
      List<String> neighbours = AreaKey.neighbours(tx);
      String[] areas = new String[1 + neighbours.size()];
      byte[][] values = new byte[areas.length][];
      HopRecord.Serde serde = new HopRecord.Serde();
      areas[0] = AreaKey.of(tx);
      values[0] = serde.serialize(null, hop.sentOnBy(sender));
      for (int i = 0; i < neighbours.size(); i++) {
        areas[i + 1] = neighbours.get(i);
        values[i + 1] = serde.serialize(null, hop.observationFor(neighbours.get(i), sender));
      }
      return new SentOn(areas, values, hop.eventTime);
    }

    private void startLap() {
      KeyValueStore<String, byte[]> profiles = context.getStateStore(ScreeningNames.AREA_PROFILE_STORE);
      BenchStores.clear(profiles);
      profilesAtStart.forEach(kv -> profiles.put(kv.key, kv.value));
      BenchStores.clear(context.getStateStore(ScreeningNames.AREA_ALIGNMENT_STORE));
      BenchStores.clear(context.getStateStore(ScreeningNames.AREA_WATERMARK_STORE));
      processor = new AreaProcessor(config, topics, ruleset, ScreeningRecorder.NONE, MERCHANT_TASKS);
      processor.init(context);
      next = 0;
    }

    private void process(SentOn payment) {
      for (int i = 0; i < payment.areas.length; i++) {
        processor.process(new Record<>(payment.areas[i], payment.values[i], payment.eventTime));
      }
      context.resetForwards();
    }

    void processNext() {
      if (next == LAP) {
        startLap();
      }
      process(payments[next++]);
    }
  }

  /**
   * One tiny payment through the live area processor: its record and its neighbours' observations decoded and aligned
   * across six merchant tasks (about six held at a time), the area's profile read, the area features filled, the
   * profile updated and encoded (out-of-place payments), rules, decision memory, decision and audit event forwarded.
   */
  @Benchmark
  public void tinyPayment(Live live) {
    live.processNext();
  }

  /** One busy area's profile (a ring of 256 out-of-place tiny payments and a day of hourly counts) decoded. */
  @Benchmark
  public AreaProfile profileDecode(Live live) {
    return AreaProfile.fromBytes(live.profileBytes.get(live.nextProfile()));
  }

  /** One area profile encoded, as the area side writes it after each out-of-place tiny payment. */
  @Benchmark
  public byte[] profileEncode(Live live) {
    return live.decodedProfiles.get(live.nextProfile()).toBytes();
  }

  /** The area features of one tiny payment from its area's decoded profile: distinct cards and merchants in 30 min. */
  @Benchmark
  public FeatureVector profileFill(Live live) {
    int i = live.nextPayment();
    Transaction tx = live.lapTransactions.get(i);
    FeatureVector features = live.lapFeatures.get(i);
    live.lapProfiles.get(i).fill(tx.getEventTime().toEpochMilli(), tx.getCardToken().hashCode(),
        tx.getMerchantId().hashCode(), true, features);
    return features;
  }

  /** Where a tiny payment is decided and which neighbouring areas count it: its area key and the neighbours'. */
  @Benchmark
  public int areaKeys(Live live) {
    Transaction tx = live.lapTransactions.get(live.nextPayment());
    return AreaKey.of(tx).length() + AreaKey.neighbours(tx).size();
  }
}
