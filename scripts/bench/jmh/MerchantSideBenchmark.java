package dev.riskgate.bench.jmh;

import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.decision.DecisionMemory;
import dev.riskgate.features.MerchantProfile;
import dev.riskgate.merchant.MerchantProcessor;
import dev.riskgate.registry.MockSchemaRegistryClient;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.MerchantFeatures;
import dev.riskgate.screening.HopRecord;
import dev.riskgate.screening.ScreeningNames;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.stores.HashKeyValueStore;
import dev.riskgate.stores.HashWindowStore;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
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
 * The merchant side per transaction, without a broker: {@link MerchantProcessor} itself over in-memory stores, fed
 * the card side's hop records of generated traffic (200 merchants, one transaction a second, after 28 hours of
 * history, so the merchants' hourly, 10-minute and spike features are not all zero). The default ruleset decides.
 *
 * <p>Traffic replays in laps of {@link #LAP} transactions: at each lap's start the merchant profiles go back to what
 * they were at the first lap's start and the alignment starts empty, so every lap sees the same event times and
 * state (the decision memory is kept; its entries are rewritten). That reset, a few hundred puts, falls in the
 * measurement once every lap.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MerchantSideBenchmark {
  static final int LAP = 16_384;
  private static final int HISTORY = 100_000;
  private static final int MERCHANTS = 200;
  private static final long START = java.time.Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
  /** A replay's wall clock: far from every event time, so the alignment waits for every card task's progress. */
  private static final long WALL_CLOCK = START + Duration.ofDays(30).toMillis();

  static RiskgateConfig config(String scope) {
    return ConfigLoader.load(null, Map.of(), Map.of("schema.registry.url", "mock://" + scope, "instance.id", "jmh"));
  }

  /** As OfflineScreening makes it: the flag only keeps StreamsConfig from warning on every store's init. */
  static MockProcessorContext<Object, Object> context() {
    Properties props = new Properties();
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return new MockProcessorContext<>(props);
  }

  static Topics topics(String scope) {
    return new Topics("", MockSchemaRegistryClient.forScope(scope));
  }

  /** The live processor: hop bytes decoded, aligned across six card tasks, profiles decoded, updated and encoded. */
  @State(Scope.Thread)
  public static class Live {
    private RiskgateConfig config;
    private Topics topics;
    private Ruleset ruleset;
    private final MockProcessorContext<Object, Object> context = context();
    private final byte[][] hops = new byte[LAP][];
    private final String[] merchants = new String[LAP];
    private final long[] times = new long[LAP];
    private final List<KeyValue<String, byte[]>> profilesAtStart = new ArrayList<>();
    private final List<String> profileIds = new ArrayList<>();
    private final List<byte[]> profileBytes = new ArrayList<>();
    private final List<MerchantProfile> decodedProfiles = new ArrayList<>();
    private int nextProfile;
    private MerchantProcessor processor;
    private int next;

    /** Where the next profile benchmark op reads: the merchants in turn. */
    int nextProfile() {
      int i = nextProfile++;
      if (nextProfile == profileIds.size()) {
        nextProfile = 0;
      }
      return i;
    }

    @Setup
    public void replayHistory() {
      config = config("jmh-merchant-live");
      topics = topics("jmh-merchant-live");
      ruleset = Rulesets.defaultRuleset();
      context.setCurrentSystemTimeMs(WALL_CLOCK);
      add(Stores.windowStoreBuilder(Stores.inMemoryWindowStore(ScreeningNames.DECISION_STORE,
          Duration.ofMillis(DecisionMemory.retentionMs(config.dedupeWindow().toMillis())), config.dedupeWindow(),
          false), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
      add(HashKeyValueStore.offline(ScreeningNames.RULESET_STORE)); // empty: the default ruleset is in force
      // in memory where live it is RocksDB behind a cache: the cache also hands back the array it was given
      add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ScreeningNames.MERCHANT_PROFILE_STORE),
          Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
      add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ScreeningNames.ALIGNMENT_STORE), Serdes.Bytes(),
          Serdes.ByteArray()).withLoggingDisabled().build());
      add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ScreeningNames.WATERMARK_STORE),
          Serdes.Integer(), Serdes.Long()).withLoggingDisabled().build());
      startLap();
      ScreenedTraffic traffic = new ScreenedTraffic(topics, ruleset.currencies(), 5_000, MERCHANTS, START, 1_000);
      HopRecord.Serde serde = new HopRecord.Serde();
      for (int i = 0; i < HISTORY; i++) {
        HopRecord hop = traffic.next();
        process(hop.transaction(null).getMerchantId(), serde.serialize(null, hop), hop.eventTime);
      }
      for (int i = 0; i < LAP; i++) {
        HopRecord hop = traffic.next();
        merchants[i] = hop.transaction(null).getMerchantId();
        hops[i] = serde.serialize(null, hop);
        times[i] = hop.eventTime;
      }
      KeyValueStore<String, byte[]> profiles = context.getStateStore(ScreeningNames.MERCHANT_PROFILE_STORE);
      try (KeyValueIterator<String, byte[]> all = profiles.all()) {
        all.forEachRemaining(profilesAtStart::add);
      }
      for (KeyValue<String, byte[]> kv : profilesAtStart) {
        profileIds.add(kv.key);
        profileBytes.add(kv.value);
        decodedProfiles.add(MerchantProfile.fromBytes(kv.value));
      }
      startLap();
    }

    /**
     * The profiles as at the first lap's start, an empty alignment, a new processor.
     */
    private void startLap() {
      BenchStores.clear(context.getStateStore(ScreeningNames.MERCHANT_PROFILE_STORE));
      KeyValueStore<String, byte[]> profiles = context.getStateStore(ScreeningNames.MERCHANT_PROFILE_STORE);
      profilesAtStart.forEach(kv -> profiles.put(kv.key, kv.value));
      BenchStores.clear(context.getStateStore(ScreeningNames.ALIGNMENT_STORE));
      BenchStores.clear(context.getStateStore(ScreeningNames.WATERMARK_STORE));
      processor = new MerchantProcessor(config, topics, ruleset, ScreeningRecorder.NONE, ScreenedTraffic.CARD_TASKS);
      processor.init(context);
      next = 0;
    }

    private void add(StateStore store) {
      BenchStores.add(context, store);
    }

    private void process(String merchant, byte[] hop, long time) {
      processor.process(new Record<>(merchant, hop, time));
      context.resetForwards();
    }

    void processNext() {
      if (next == LAP) {
        startLap();
      }
      int i = next++;
      process(merchants[i], hops[i], times[i]);
    }
  }

  /** The offline processor (backtests, detection reports): in event-time order, profiles held decoded. */
  @State(Scope.Thread)
  public static class Offline {
    private RiskgateConfig config;
    private Topics topics;
    private Ruleset ruleset;
    private final MockProcessorContext<Object, Object> context = context();
    private final HopRecord[] hops = new HopRecord[LAP];
    private final List<KeyValue<String, byte[]>> profilesAtStart = new ArrayList<>();
    private MerchantProcessor processor;
    private int next;

    @Setup
    public void replayHistory() {
      config = config("jmh-merchant-offline");
      topics = topics("jmh-merchant-offline");
      ruleset = Rulesets.defaultRuleset();
      long retentionMs = DecisionMemory.retentionMs(config.dedupeWindow().toMillis());
      add(new HashWindowStore(ScreeningNames.DECISION_STORE, retentionMs));
      add(HashKeyValueStore.offline(ScreeningNames.RULESET_STORE));
      add(HashKeyValueStore.offline(ScreeningNames.MERCHANT_PROFILE_STORE));
      startLap();
      ScreenedTraffic traffic = new ScreenedTraffic(topics, ruleset.currencies(), 5_000, MERCHANTS, START, 1_000);
      Set<String> merchants = new LinkedHashSet<>();
      for (int i = 0; i < HISTORY; i++) {
        HopRecord hop = traffic.next();
        merchants.add(hop.transaction(null).getMerchantId());
        decide(hop);
      }
      for (int i = 0; i < LAP; i++) {
        hops[i] = traffic.next();
      }
      processor.close(); // writes the profiles it holds
      KeyValueStore<String, byte[]> profiles = context.getStateStore(ScreeningNames.MERCHANT_PROFILE_STORE);
      merchants.forEach(merchant -> profilesAtStart.add(KeyValue.pair(merchant, profiles.get(merchant))));
      startLap();
    }

    /** The profiles as at the first lap's start (the processor only writes them at close), a new processor. */
    private void startLap() {
      KeyValueStore<String, byte[]> profiles = context.getStateStore(ScreeningNames.MERCHANT_PROFILE_STORE);
      profilesAtStart.forEach(kv -> profiles.put(kv.key, kv.value));
      processor = MerchantProcessor.offline(config, topics, ruleset, false, MerchantProcessor.OFFLINE_HELD);
      processor.init(context);
      next = 0;
    }

    private void add(StateStore store) {
      BenchStores.add(context, store);
    }

    /** As OfflineScreening hands it over; a fresh record, as the merchant side writes its features into it. */
    private void decide(HopRecord hop) {
      var tx = hop.transaction(null);
      context.setCurrentSystemTimeMs(hop.eventTime);
      processor.decideNow(HopRecord.original(hop.upstream, hop.inputOffset, tx, null, hop.checksOf(tx),
          hop.statusReasons, hop.features.copy()));
      context.resetForwards();
    }

    void decideNext() {
      if (next == LAP) {
        startLap();
      }
      decide(hops[next++]);
    }
  }

  /**
   * One transaction's hop record through the live merchant processor: decode, alignment (held, released once the six
   * card tasks pass it: about six held at a time), profile read, merchant and terminal features, rules, decision
   * memory, profile update and encoding, decision and audit event built and forwarded.
   */
  @Benchmark
  public void liveTransaction(Live live) {
    live.processNext();
  }

  /** One transaction decided by the offline merchant processor, as a backtest runs it: no alignment, no encoding. */
  @Benchmark
  public void offlineTransaction(Offline offline) {
    offline.decideNext();
  }

  /** One merchant profile (about 200 transactions a day, a day old) decoded from its stored bytes. */
  @Benchmark
  public MerchantProfile profileDecode(Live live) {
    return MerchantProfile.fromBytes(live.profileBytes.get(live.nextProfile()));
  }

  /**
   * One merchant's features read from its decoded profile: the merchant side does it twice per transaction, before
   * folding it in (for the rules) and after (whether to publish).
   */
  @Benchmark
  public MerchantFeatures profileFeatures(Live live) {
    int i = live.nextProfile();
    return live.decodedProfiles.get(i).features(live.profileIds.get(i));
  }

  /** One merchant profile encoded, as the live merchant side writes it after every transaction. */
  @Benchmark
  public byte[] profileEncode(Live live) {
    return live.decodedProfiles.get(live.nextProfile()).toBytes();
  }
}
