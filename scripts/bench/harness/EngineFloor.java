import dev.riskgate.cli.TrafficOptions;
import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.features.AreaKey;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.runtime.BoundedMemoryRocksDBConfig;
import dev.riskgate.runtime.Provisioning;
import dev.riskgate.runtime.RocksDBMemory;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.HopRecord;
import dev.riskgate.stores.WriteBehindKeyValueStore;
import dev.riskgate.topics.Topics;
import dev.riskgate.topology.OfflineScreening;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The engine floor: what Kafka Streams itself costs for riskgate's decision path, with nothing of riskgate's own
 * work. The same shape as the screening topology (docs/architecture.md, "Data flow") and nothing else: the same input
 * and Avro serde; on the card side one card-keyed RocksDB record read and written (caching off, as riskgate's card
 * profile); one record of the hop's size through a merchant-keyed repartition topic; on the merchant side the
 * transaction decoded again, one merchant-keyed RocksDB record read and written (caching on, as riskgate's merchant
 * profile); a decision and an audit event Avro-encoded with riskgate's own serdes, copied from what the default
 * ruleset decides offline for the same kind of traffic (so of the real sizes). Same settings as riskgate: the
 * configuration is loaded by riskgate's loader from the same --set list and Kafka Streams gets the same properties
 * and RocksDB memory budget. With outcomes.enabled, the audit topic is read back (each decision's id and event time
 * read off the bytes) and one summary per decision kept in a window store by a second Kafka Streams application in the
 * same process (one thread), as riskgate's outcome counting does. A tiny payment is decided one hop further, keyed
 * by its area, with one area record read and rewritten (and sent to the neighbouring areas within reach to count), as
 * riskgate decides it. Not in the floor: statuses, features, rules, retry memory, merchant features, and (unless
 * {@code --aligned}) event-time alignment and watermarks: riskgate's work, which the ratio to this floor measures.
 */
@Command(name = "EngineFloor", mixinStandardHelpOptions = true)
public final class EngineFloor implements java.util.concurrent.Callable<Integer> {
  static final String CARD_STORE = "floor-card-store";
  static final String MERCHANT_STORE = "floor-merchant-store";
  static final String AREA_STORE = "floor-area-store";
  /** An area's record as riskgate keeps it: its recent out-of-place tiny payments, hourly counts. */
  static final int AREA_RECORD_BYTES = 1_024;
  static final String OUTCOME_STORE = "floor-outcome-store";
  /** An original decision's summary as riskgate keeps it for outcomes: version, outcome, time, fired rules. */
  static final int OUTCOME_SUMMARY_BYTES = 32;

  @Option(names = {"-b", "--bootstrap-servers"}, required = true) String bootstrap;
  @Option(names = {"-r", "--schema-registry-url"}, required = true) String registryUrl;
  @Option(names = "--set", description = "A riskgate setting, key=value (repeatable).") List<String> settings =
      new ArrayList<>();
  @Option(names = "--card-record-bytes", defaultValue = "300") int cardRecordBytes;
  @Option(names = "--merchant-record-bytes", defaultValue = "400") int merchantRecordBytes;
  @Option(names = "--aligned", description = "Decide in event-time order as riskgate does: each card task tells "
      + "every merchant partition how far it has come every 20 ms, the merchant side holds a transaction until every "
      + "card task has passed it (held records in the write-behind store riskgate uses), and the same between the "
      + "merchant and area sides.")
  boolean aligned;
  static final String ALIGNMENT_STORE = "floor-alignment-store";
  static final String AREA_ALIGNMENT_STORE = "floor-area-alignment-store";
  /** The default ruleset's currency tables: which payments are tiny, as riskgate reads them. */
  private static final dev.riskgate.features.CurrencyTable CURRENCIES = Rulesets.defaultRuleset().currencies();
  /** As riskgate's hop record of the template transaction: its wire bytes, statuses and card features. */
  private int hopRecordBytes;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EngineFloor()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String setting : settings) {
      overrides.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
    }
    overrides.put("bootstrap.servers", bootstrap);
    overrides.put("schema.registry.url", registryUrl);
    RiskgateConfig config = ConfigLoader.load(null, System.getenv(), overrides);
    Provisioning.ensure(config);
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(config.registryClient());
        RocksDBMemory memory = new RocksDBMemory(config.rocksdbMemoryMb())) {
      Topics topics = new Topics(config.topicPrefix(), registry);
      Templates templates = Templates.of(config, topics);
      Transaction tx = templates.audit.getTransaction();
      hopRecordBytes = new HopRecord.Serde().serialize(null, HopRecord.original(0, 0, tx,
          topics.transactions().valueSerde().serializer().serialize(topics.transactions().name(), tx),
          templates.audit.getStatuses(), List.of(), new FeatureVector())).length;
      System.out.printf("engine floor: card record %d B, hop record %d B, merchant record %d B; decision and audit "
          + "event copied from an offline %s decision with %d features%n", cardRecordBytes, hopRecordBytes,
          merchantRecordBytes, templates.decision.getOutcome(), templates.audit.getFeatures().size());
      Properties props = config.streamsProperties();
      props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class);
      props.put(RocksDBMemory.CONFIG_KEY, memory);
      List<KafkaStreams> apps = new java.util.ArrayList<>();
      apps.add(new KafkaStreams(topology(config, topics, templates), props));
      if (config.outcomesEnabled()) {
        // riskgate counts outcomes in a Kafka Streams application of its own beside screening: so does the floor
        Properties outcomeProps = config.outcomeStreamsProperties();
        outcomeProps.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class);
        outcomeProps.put(RocksDBMemory.CONFIG_KEY, memory);
        apps.add(new KafkaStreams(outcomeTopology(config, topics), outcomeProps));
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        apps.forEach(app -> app.close(java.time.Duration.ofSeconds(30)));
        stopped.countDown();
      }, "floor-shutdown"));
      for (KafkaStreams app : apps) {
        app.setUncaughtExceptionHandler(e -> {
          e.printStackTrace();
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
              .SHUTDOWN_APPLICATION;
        });
        app.start();
      }
      System.out.println("engine floor running");
      stopped.await();
    }
    return 0;
  }

  private org.apache.kafka.streams.Topology topology(RiskgateConfig config, Topics topics, Templates templates) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CARD_STORE), Serdes.String(),
        Serdes.ByteArray()).withCachingDisabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MERCHANT_STORE),
        Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AREA_STORE),
        Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
    if (aligned) {
      builder.addStateStore(WriteBehindKeyValueStore.builder(ALIGNMENT_STORE));
      builder.addStateStore(WriteBehindKeyValueStore.builder(AREA_ALIGNMENT_STORE));
    }
    int partitions = config.topicPartitions();
    Deserializer<Transaction> transactions = topics.transactions().valueSerde().deserializer();
    String transactionsTopic = topics.transactions().name();
    KStream<Object, Object> decided = builder
        .stream(transactionsTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("floor-source"))
        .process(() -> new CardSide(transactions, transactionsTopic), Named.as("floor-card"), CARD_STORE)
        .repartition(hop("floor-hop", partitions))
        .process(() -> new MerchantSide(transactions, transactionsTopic, templates, partitions),
            Named.as("floor-merchant"), aligned ? new String[] {MERCHANT_STORE, ALIGNMENT_STORE}
                : new String[] {MERCHANT_STORE});
    decided.filter((key, value) -> value instanceof Decision, Named.as("floor-decisions"))
        .to(topics.decisions().name(), Produced.with(untyped(Serdes.String()),
            untyped(topics.decisions().valueSerde())).withName("floor-decisions-sink"));
    decided.filter((key, value) -> value instanceof AuditEvent, Named.as("floor-audit"))
        .to(topics.audit().name(), Produced.with(untyped(Serdes.String()),
            untyped(topics.audit().valueSerde())).withName("floor-audit-sink"));
    // riskgate decides tiny payments one hop further, by area (and its neighbours count those near a cell's edge)
    KStream<Object, Object> areaDecided = decided
        .filter((key, value) -> value instanceof byte[], Named.as("floor-to-areas"))
        .map((key, value) -> org.apache.kafka.streams.KeyValue.pair((String) key, (byte[]) value),
            Named.as("floor-area-encode"))
        .repartition(hop("floor-area-hop", partitions))
        .process(() -> new AreaSide(transactions, transactionsTopic, templates, partitions), Named.as("floor-area"),
            aligned ? new String[] {AREA_STORE, AREA_ALIGNMENT_STORE} : new String[] {AREA_STORE});
    areaDecided.filter((key, value) -> value instanceof Decision, Named.as("floor-area-decisions"))
        .to(topics.decisions().name(), Produced.with(untyped(Serdes.String()),
            untyped(topics.decisions().valueSerde())).withName("floor-area-decisions-sink"));
    areaDecided.filter((key, value) -> value instanceof AuditEvent, Named.as("floor-area-audit"))
        .to(topics.audit().name(), Produced.with(untyped(Serdes.String()),
            untyped(topics.audit().valueSerde())).withName("floor-area-audit-sink"));
    return builder.build();
  }

  /** A repartition by key; aligned, a watermark goes to every partition. */
  private Repartitioned<String, byte[]> hop(String name, int partitions) {
    Repartitioned<String, byte[]> hop = Repartitioned.<String, byte[]>as(name).withKeySerde(Serdes.String())
        .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(partitions);
    return !aligned ? hop : hop.withStreamPartitioner(new org.apache.kafka.streams.processor.StreamPartitioner<>() {
      @Override
      public java.util.Optional<java.util.Set<Integer>> partitions(String topic, String key, byte[] value, int n) {
        return Alignment.isWatermark(value)
            ? java.util.Optional.of(java.util.stream.IntStream.range(0, n).boxed().collect(
                java.util.stream.Collectors.toSet()))
            : java.util.Optional.empty();
      }
    });
  }

  /** riskgate reads its audit topic back to count outcomes: one read and one window-store record per decision. */
  private static org.apache.kafka.streams.Topology outcomeTopology(RiskgateConfig config, Topics topics) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(OUTCOME_STORE,
        config.outcomesHorizon(), java.time.Duration.ofMillis(1), false), Serdes.String(), Serdes.ByteArray())
        .withCachingDisabled());
    builder.stream(topics.audit().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withName("floor-audit-source"))
        .process(OutcomeSide::new, Named.as("floor-outcomes"), OUTCOME_STORE);
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  private static <T> Serde<Object> untyped(Serde<T> serde) {
    return (Serde<Object>) serde;
  }

  /** Card side: decode, one card record read and rewritten, the transaction's wire bytes padded to a hop record. */
  private final class CardSide implements Processor<byte[], byte[], String, byte[]> {
    private final Deserializer<Transaction> transactions;
    private final String topic;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> cards;

    CardSide(Deserializer<Transaction> transactions, String topic) {
      this.transactions = transactions;
      this.topic = topic;
    }

    /** Aligned: the newest event time seen, whether anything came since the last watermark, the last one sent. */
    private long newest = Long.MIN_VALUE;
    private boolean busy;
    private long lastBusyMs;
    private long announced = Long.MIN_VALUE;
    private long announcedMs = Long.MIN_VALUE;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      this.cards = context.getStateStore(CARD_STORE);
      if (aligned) {
        context.schedule(HopRecord.WATERMARK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::announce);
      }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      Transaction tx = transactions.deserialize(topic, record.value());
      String card = tx.getCardToken();
      cards.put(card, rewritten(cards.get(card), cardRecordBytes));
      byte[] hop = new byte[Math.max(hopRecordBytes, record.value().length + 8)];
      ByteBuffer.wrap(hop).putInt(record.value().length).put(record.value()).putInt(context.taskId().partition());
      long eventTime = tx.getEventTime().toEpochMilli();
      newest = Math.max(newest, eventTime);
      busy = true;
      context.forward(new Record<>(tx.getMerchantId(), hop, aligned ? eventTime : record.timestamp()));
    }

    /**
     * As riskgate's card side: how far it has come; quiet, past what it has seen (and live, the clock less 500 ms);
     * nothing before its first transaction.
     */
    private void announce(long nowMs) {
      if (newest == Long.MIN_VALUE) {
        return;
      }
      long mark = newest;
      if (busy) {
        lastBusyMs = nowMs;
      } else {
        mark = newest + 1;
        if (newest >= nowMs - HopRecord.LIVE_HORIZON_MS) {
          mark = Math.max(mark, nowMs - HopRecord.LIVE_GRACE_MS);
        }
      }
      // as riskgate's card side: nothing to screen for a second is said, so that the end of a drain is released
      boolean quiet = !busy && nowMs - lastBusyMs >= HopRecord.QUIET_MS;
      busy = false;
      // once a second in any case, as riskgate's quiet word: a merchant task that restarted has no mark from here
      if (mark > announced || nowMs - announcedMs >= HopRecord.QUIET_MS) {
        announced = Math.max(announced, mark);
        announcedMs = nowMs;
        context.forward(new Record<>("", Alignment.watermark(context.taskId().partition(), announced, quiet),
            Math.max(announced, 0)));
      }
    }
  }

  /** A side keyed by merchant or area: the transaction decoded again, its one record read and rewritten, then more. */
  private abstract class KeyedSide implements Processor<String, byte[], Object, Object> {
    final Deserializer<Transaction> transactions;
    final String topic;
    final Templates templates;
    private final String store;
    private final int recordBytes;
    ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> records;

    private final String alignmentStore;
    private final int upstreams;
    /** Aligned: transactions held until every upstream task has passed them. */
    Alignment alignment;

    KeyedSide(Deserializer<Transaction> transactions, String topic, Templates templates, String store,
        int recordBytes, String alignmentStore, int upstreams) {
      this.transactions = transactions;
      this.topic = topic;
      this.templates = templates;
      this.store = store;
      this.recordBytes = recordBytes;
      this.alignmentStore = alignmentStore;
      this.upstreams = upstreams;
    }

    /**
     * The template's decision and audit event, copied once and then filled in for each transaction: a deep copy per
     * decision (the builder's) took a fifth of the floor's samples in a flight recording, work riskgate does not do.
     * Safe to reuse: a forward serializes the record before it returns.
     */
    private Decision decision;
    private AuditEvent audit;

    @Override
    public void init(ProcessorContext<Object, Object> context) {
      this.context = context;
      this.records = context.getStateStore(store);
      if (aligned) {
        this.alignment = new Alignment(context.getStateStore(alignmentStore), upstreams);
      }
      this.decision = Decision.newBuilder(templates.decision).build();
      this.audit = AuditEvent.newBuilder(templates.audit).setDecision(decision).build();
    }

    /** A decision and an audit event of the template's sizes for {@code tx}, forwarded to the sinks. */
    void decide(Transaction tx, long timestamp) {
      decision.setTransactionId(tx.getTransactionId());
      decision.setCardToken(tx.getCardToken());
      decision.setEventTime(tx.getEventTime());
      decision.setDecidedAt(Instant.now());
      var metadata = context.recordMetadata().orElseThrow();
      audit.setTransaction(tx);
      audit.setInputPartition(metadata.partition());
      audit.setInputOffset(metadata.offset());
      context.forward(new Record<>(tx.getCardToken(), decision, timestamp));
      context.forward(new Record<>(tx.getCardToken(), audit, timestamp));
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (alignment != null) {
        alignment.take(record, this::released);
        return;
      }
      released(record);
    }

    private void released(Record<String, byte[]> record) {
      Transaction tx = transactions.deserialize(topic, unwrapped(record.value()));
      records.put(record.key(), rewritten(records.get(record.key()), recordBytes));
      then(tx, record);
    }

    abstract void then(Transaction tx, Record<String, byte[]> record);
  }

  /**
   * Merchant side: a decision and an audit event; a tiny payment goes on to its area instead (and, near a cell's
   * edge, to the neighbouring areas to count).
   */
  private final class MerchantSide extends KeyedSide {
    private long announced = Long.MIN_VALUE;
    private long announcedMs = Long.MIN_VALUE;

    MerchantSide(Deserializer<Transaction> transactions, String topic, Templates templates, int partitions) {
      super(transactions, topic, templates, MERCHANT_STORE, merchantRecordBytes, ALIGNMENT_STORE, partitions);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
      super.init(context);
      if (aligned) {
        // as riskgate's merchant side: tells every area partition how far it has released, when that moved
        context.schedule(HopRecord.WATERMARK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
          long released = alignment.released();
          if (released != Long.MIN_VALUE && (released > announced || now - announcedMs >= HopRecord.QUIET_MS)) {
            announced = Math.max(announced, released);
            announcedMs = now;
            context.forward(new Record<>("", Alignment.watermark(context.taskId().partition(), announced,
                alignment.quiet()), Math.max(announced, 0)), "floor-to-areas");
          }
        });
      }
    }

    @Override
    void then(Transaction tx, Record<String, byte[]> record) {
      if (isTiny(tx)) {
        byte[] hop = record.value();
        if (aligned) { // from this task now: the area side counts it as this task's progress
          hop = hop.clone();
          ByteBuffer.wrap(hop).putInt(4 + ByteBuffer.wrap(hop).getInt(), context.taskId().partition());
        }
        context.forward(new Record<>(AreaKey.of(tx), hop, record.timestamp()), "floor-to-areas");
        for (String neighbour : AreaKey.neighbours(tx)) {
          context.forward(new Record<>(neighbour, hop, record.timestamp()), "floor-to-areas");
        }
        return;
      }
      decide(tx, record.timestamp());
    }
  }

  /** Area side: a decision and an audit event, not for a neighbour's observation (its area record is rewritten). */
  private final class AreaSide extends KeyedSide {
    AreaSide(Deserializer<Transaction> transactions, String topic, Templates templates, int partitions) {
      super(transactions, topic, templates, AREA_STORE, AREA_RECORD_BYTES, AREA_ALIGNMENT_STORE, partitions);
    }

    @Override
    void then(Transaction tx, Record<String, byte[]> record) {
      if (!record.key().equals(AreaKey.of(tx))) {
        return; // a neighbour's observation: counted only
      }
      decide(tx, record.timestamp());
    }
  }

  /** Outcome side: a summary of riskgate's size kept by transactionId and event time for each audit event. */
  private static final class OutcomeSide implements Processor<byte[], byte[], Void, Void> {
    private org.apache.kafka.streams.state.WindowStore<String, byte[]> summaries;
    private org.apache.avro.io.BinaryDecoder decoder;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      this.summaries = context.getStateStore(OUTCOME_STORE);
    }

    /**
     * The decision's id and event time read off the audit event's bytes (the decision comes first; the rest is not
     * read): the least a reader keeping a summary per decision can do. riskgate reads the fired rules too.
     */
    @Override
    public void process(Record<byte[], byte[]> record) {
      byte[] value = record.value();
      decoder = org.apache.avro.io.DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, decoder);
      try {
        String transactionId = decoder.readString();
        decoder.skipString(); // cardToken
        decoder.readEnum(); // outcome
        decoder.skipString(); // responseCode
        decoder.readBoolean(); // retryable
        for (long n = decoder.readArrayStart(); n != 0; n = decoder.arrayNext()) {
          for (long i = 0; i < n; i++) {
            decoder.readEnum(); // a reason
          }
        }
        decoder.readInt(); // score
        decoder.skipString(); // rulesetVersion
        summaries.put(transactionId, new byte[OUTCOME_SUMMARY_BYTES], decoder.readLong());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /**
   * Event-time alignment as riskgate's, in its simplest form: a record is held (in the write-behind store, keyed by
   * its event time and arrival, with its key) until every upstream task has passed its event time (by its watermarks
   * and its own transactions), then released in event-time order; once every upstream has said it is quiet (the end
   * of a drain), up to the furthest of them, as riskgate's. A watermark is {@code [-1 or -2 quiet][upstream][mark]};
   * a hop record is {@code [length][wire bytes][upstream]}, padded. The marks live in memory (every upstream speaks at
   * least once a second); nothing is released on the clock (riskgate's grace for a silent task), which does nothing
   * while every task is busy.
   */
  static final class Alignment {
    private final KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> held;
    private final java.util.TreeSet<org.apache.kafka.common.utils.Bytes> order = new java.util.TreeSet<>();
    private final long[] marks;
    private final boolean[] quiet;
    private long arrivals;

    Alignment(KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> held, int upstreams) {
      this.held = held;
      this.marks = new long[upstreams];
      this.quiet = new boolean[upstreams];
      java.util.Arrays.fill(marks, Long.MIN_VALUE);
      // a task that moved or restarted finds what it held restored: released once every upstream speaks again
      try (var restored = held.all()) {
        restored.forEachRemaining(entry -> {
          order.add(entry.key);
          arrivals = Math.max(arrivals, ByteBuffer.wrap(entry.key.get()).getLong(8) + 1);
        });
      }
    }

    static byte[] watermark(int upstream, long mark, boolean quiet) {
      return ByteBuffer.allocate(16).putInt(quiet ? -2 : -1).putInt(upstream).putLong(mark).array();
    }

    static boolean isWatermark(byte[] value) {
      if (value == null || value.length != 16) {
        return false;
      }
      int tag = ByteBuffer.wrap(value).getInt();
      return tag == -1 || tag == -2;
    }

    /** Every upstream's last word was that it is quiet, and nothing is held: all said for now. */
    boolean quiet() {
      for (boolean each : quiet) {
        if (!each) {
          return false;
        }
      }
      return order.isEmpty();
    }

    /**
     * The event time before which everything is released: the slowest upstream's mark, or the furthest once every
     * upstream is quiet.
     */
    long released() {
      boolean allQuiet = true;
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int upstream = 0; upstream < marks.length; upstream++) {
        min = Math.min(min, marks[upstream]);
        max = Math.max(max, marks[upstream]);
        allQuiet &= quiet[upstream];
      }
      return allQuiet ? max : min;
    }

    void take(Record<String, byte[]> record, java.util.function.Consumer<Record<String, byte[]>> release) {
      if (isWatermark(record.value())) {
        ByteBuffer watermark = ByteBuffer.wrap(record.value());
        boolean isQuiet = watermark.getInt() == -2;
        int upstream = watermark.getInt();
        marks[upstream] = Math.max(marks[upstream], watermark.getLong());
        quiet[upstream] = isQuiet;
      } else {
        // a transaction is its upstream's progress too, as in riskgate: the upstream's id follows its wire bytes
        ByteBuffer hop = ByteBuffer.wrap(record.value());
        int upstream = hop.getInt(4 + hop.getInt(0));
        marks[upstream] = Math.max(marks[upstream], record.timestamp());
        quiet[upstream] = false;
        byte[] key = record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.apache.kafka.common.utils.Bytes at = org.apache.kafka.common.utils.Bytes.wrap(ByteBuffer.allocate(16)
            .putLong(record.timestamp() ^ Long.MIN_VALUE).putLong(arrivals++).array());
        held.put(at, ByteBuffer.allocate(4 + key.length + record.value().length).putInt(key.length).put(key)
            .put(record.value()).array());
        order.add(at);
      }
      long through = released();
      while (!order.isEmpty()
          && (ByteBuffer.wrap(order.first().get()).getLong() ^ Long.MIN_VALUE) < through) {
        org.apache.kafka.common.utils.Bytes at = order.pollFirst();
        ByteBuffer value = ByteBuffer.wrap(held.delete(at));
        byte[] key = new byte[value.getInt()];
        value.get(key);
        byte[] hop = new byte[value.remaining()];
        value.get(hop);
        release.accept(new Record<>(new String(key, java.nio.charset.StandardCharsets.UTF_8), hop,
            ByteBuffer.wrap(at.get()).getLong() ^ Long.MIN_VALUE));
      }
    }
  }

  /** The transaction's wire bytes out of the hop record the card side padded them into. */
  private static byte[] unwrapped(byte[] hopRecord) {
    ByteBuffer hop = ByteBuffer.wrap(hopRecord);
    byte[] wire = new byte[hop.getInt()];
    hop.get(wire);
    return wire;
  }

  /** Whether riskgate decides {@code tx} on the area side: a known currency, an amount tiny by the default tables. */
  static boolean isTiny(Transaction tx) {
    int slot = CURRENCIES.slotOf(tx.getCurrency());
    return slot >= 0 && CURRENCIES.isTiny(CURRENCIES.toReference(tx.getAmountMinor(), slot));
  }

  /** A new record of {@code size} bytes that differs from {@code previous}, as a profile's rewrite does. */
  private static byte[] rewritten(byte[] previous, int size) {
    byte[] next = previous != null && previous.length == size ? previous.clone() : new byte[size];
    next[0]++;
    return next;
  }

  /** A decision and an audit event of the default ruleset, for ordinary traffic: the median audit event by size. */
  private record Templates(Decision decision, AuditEvent audit) {
    static Templates of(RiskgateConfig config, Topics topics) {
      TrafficGenerator generator = new TrafficGenerator(new TrafficOptions(7, 2_000, 200)
          .settings(0, 0.0, TrafficGenerator.Settings.newRunId()));
      Serializer<Transaction> wire = topics.transactions().valueSerde().serializer();
      Serializer<AuditEvent> auditWire = topics.audit().valueSerde().serializer();
      List<OfflineScreening.Screened> allowed = new ArrayList<>();
      try (OfflineScreening screening = new OfflineScreening(config, topics, Rulesets.defaultRuleset())) {
        long time = System.currentTimeMillis() - 3_600_000L;
        while (allowed.size() < 2_000) {
          time += 1_000;
          if (generator.next(time) instanceof TrafficGenerator.TransactionEvent event) {
            Transaction tx = event.transaction();
            OfflineScreening.Screened screened = screening.screen(tx.getCardToken(),
                wire.serialize(topics.transactions().name(), tx), time);
            if (screened.audit() != null && screened.decision().getOutcome() == Outcome.ALLOW) {
              allowed.add(screened);
            }
          }
        }
      }
      allowed.sort(Comparator.comparingInt(s -> auditWire.serialize(topics.audit().name(), s.audit()).length));
      OfflineScreening.Screened median = allowed.get(allowed.size() / 2);
      return new Templates(median.decision(), median.audit());
    }
  }
}
