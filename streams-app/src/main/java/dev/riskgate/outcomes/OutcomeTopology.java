package dev.riskgate.outcomes;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Outcome counting, a topology of its own run by its own Kafka Streams instance (application {@code
 * <application.id>.outcomes}, one thread) so that reading the audit topic back never waits behind screening or makes
 * a decision wait: the audit topic and fraud-labels (both keyed by card token, so co-partitioned) into one processor;
 * refused labels to fraud-labels-dead-letter. The screening path writes nothing more for it: each transaction costs
 * one audit record read back, a window-store put of its summary (changelogged, ~60 bytes) and
 * an update of the counts of its ruleset version and fired rules (cached: written once per commit).
 */
public final class OutcomeTopology {
  static final String DECISION_STORE = "outcome-decisions";
  static final String LABEL_STORE = "outcome-labels";
  static final String COUNT_STORE = "outcome-counts";
  static final String AUDIT_SOURCE = "outcome-audit-source";
  static final String LABEL_SOURCE = "outcome-label-source";
  static final String MERGE = "outcome-inputs";
  static final String PROCESSOR = "outcomes";
  static final String DEAD_LETTER_SINK = "label-dead-letter-sink";

  private OutcomeTopology() {}

  public static Topology build(RiskgateConfig config, Topics topics, ScreeningRecorder recorder,
      OutcomeFigures figures) {
    StreamsBuilder builder = new StreamsBuilder();
    long horizonMs = config.outcomesHorizon().toMillis();
    builder.addStateStore(
        // segments of half the horizon are dropped whole: a summary stays between one and one and a half horizons
        Stores.windowStoreBuilder(Stores.persistentWindowStore(DECISION_STORE,
                java.time.Duration.ofMillis(horizonMs), java.time.Duration.ofMillis(1), false),
                Serdes.String(), Serdes.ByteArray())
            .withCachingDisabled()); // every key is new
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LABEL_STORE), Serdes.String(),
        Serdes.ByteArray()).withCachingDisabled());
    builder.addStateStore(
        // a rule's counts change with most decisions: the cache writes them once per commit
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(COUNT_STORE), Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled());
    // the audit topic from its end the first time (an existing deployment turning outcomes on does not spend hours
    // re-reading its history on the cores that screen); labels from the start: they are few
    builder.stream(topics.audit().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withOffsetResetPolicy(AutoOffsetReset.latest()).withName(AUDIT_SOURCE))
        .merge(builder.stream(topics.fraudLabels().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withOffsetResetPolicy(AutoOffsetReset.earliest()).withName(LABEL_SOURCE)), Named.as(MERGE))
        .process(() -> new OutcomeProcessor(config, topics, recorder, figures), Named.as(PROCESSOR),
            DECISION_STORE, LABEL_STORE, COUNT_STORE)
        .to(topics.fraudLabelDeadLetters().name(), Produced.with(untyped(Serdes.ByteArray()),
            untyped(topics.fraudLabelDeadLetters().valueSerde())).withName(DEAD_LETTER_SINK));
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  private static <T> Serde<Object> untyped(Serde<T> serde) {
    return (Serde<Object>) serde;
  }
}
