package dev.riskgate.outcomes;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.decision.DeadLetters;
import dev.riskgate.labels.LabelCheck;
import dev.riskgate.labels.Outcomes;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.screening.ScreeningRecorder;
import dev.riskgate.serde.WireFormatException;
import dev.riskgate.stores.IdleProfileSweeper;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the original decisions of the audit topic against the labels of fraud-labels, both keyed by card token, so
 * a transaction's audit event and its labels meet in one task whichever comes first. Each original decision is kept
 * as a {@link DecisionSummary} for the label horizon (a window store: what is older is dropped a segment at a time);
 * the label in force per transaction is kept for the horizon after it was reported. A label that arrives after its
 * decision moves the counts of that decision from its earlier verdict (if any) to the new one; a decision that arrives
 * after its label is counted with it. Retries are never counted. A label that cannot be read or used goes to the
 * labels' dead-letter topic with the reason; an audit event that cannot be read is logged and skipped (riskgate
 * writes that topic itself).
 */
final class OutcomeProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(OutcomeProcessor.class);
  private final RiskgateConfig config;
  private final Topics topics;
  private final ScreeningRecorder recorder;
  private final OutcomeFigures figures;
  private ProcessorContext<Object, Object> context;
  private WindowStore<String, byte[]> decisions;
  private KeyValueStore<String, byte[]> labels;
  private OutcomeCounts counts;
  private DeadLetters deadLetters;
  private Deserializer<AuditDigest> audits;
  private Deserializer<FraudLabel> labelValues;
  private String auditTopic;
  private long unreadableAudits;

  OutcomeProcessor(RiskgateConfig config, Topics topics, ScreeningRecorder recorder, OutcomeFigures figures) {
    this.config = config;
    this.topics = topics;
    this.recorder = recorder;
    this.figures = figures;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    decisions = context.getStateStore(OutcomeTopology.DECISION_STORE);
    labels = context.getStateStore(OutcomeTopology.LABEL_STORE);
    counts = new OutcomeCounts(context.getStateStore(OutcomeTopology.COUNT_STORE), figures::noticed);
    figures.attach(context.taskId().partition(), counts.view());
    deadLetters = new DeadLetters(config.instanceId(), recorder, config.maxRequestBytes());
    audits = new AuditDigestDeserializer(topics.registry());
    labelValues = topics.fraudLabels().valueSerde().deserializer();
    auditTopic = topics.audit().name();
    IdleProfileSweeper.schedule(context, labels, StoredLabel::reportedMs, config.outcomesHorizon(), id -> { });
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    if (source.topic().equals(auditTopic)) {
      decided(record, source);
    } else {
      labelled(record, source);
    }
  }

  private void decided(Record<byte[], byte[]> record, RecordMetadata source) {
    AuditDigest audit;
    try {
      audit = record.value() == null ? null : audits.deserialize(source.topic(), record.value());
    } catch (WireFormatException e) {
      if (e.kind() == WireFormatException.Kind.REGISTRY_UNAVAILABLE) {
        throw e; // transient: read again once the registry answers, nothing is skipped
      }
      unreadable(source, e);
      return;
    } catch (RuntimeException e) {
      unreadable(source, e);
      return;
    }
    if (audit == null || audit.retry()) {
      return;
    }
    DecisionSummary decision = audit.summary();
    String id = audit.transactionId();
    List<DecisionSummary> known = DecisionSummary.decode(decisions.fetch(id, decision.eventTimeMs()));
    if (known.stream().anyMatch(s -> s.version().equals(decision.version()))) {
      return; // the same decision read twice (a replay of the audit topic): counted once
    }
    List<DecisionSummary> all = new ArrayList<>(known);
    all.add(decision);
    decisions.put(id, DecisionSummary.encode(all), decision.eventTimeMs());
    counts.decided(decision, StoredLabel.decode(id, labels.get(id)));
  }

  private void labelled(Record<byte[], byte[]> record, RecordMetadata source) {
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    FraudLabel label = null;
    Rejection refused;
    try {
      label = record.value() == null ? null : labelValues.deserialize(source.topic(), record.value());
      refused = label == null ? new Rejection(ErrorKind.MISSING_FIELD, "record has no value (a tombstone is not a "
          + "label)") : LabelCheck.refusal(key, label);
    } catch (WireFormatException e) {
      if (e.kind() == WireFormatException.Kind.REGISTRY_UNAVAILABLE) {
        throw e;
      }
      refused = new Rejection(DeadLetters.kindOf(e.kind()), e.getMessage());
    } catch (RuntimeException e) {
      refused = new Rejection(ErrorKind.UNDECODABLE, e.toString());
    }
    if (refused != null) {
      context.forward(deadLetters.of(record, source, refused, context.currentSystemTimeMs()));
      return;
    }
    String id = label.getTransactionId();
    FraudLabel known = StoredLabel.decode(id, labels.get(id));
    FraudLabel inForce = Outcomes.inForce(known, label);
    if (inForce == known) {
      return; // an older report, or the same one again: nothing changes
    }
    labels.put(id, StoredLabel.encode(inForce));
    try (WindowStoreIterator<byte[]> stored = decisions.fetch(id, 0L, Long.MAX_VALUE / 2)) {
      while (stored.hasNext()) {
        KeyValue<Long, byte[]> entry = stored.next();
        for (DecisionSummary decision : DecisionSummary.decode(entry.value)) {
          counts.labelled(decision, known, -1);
          counts.labelled(decision, inForce, 1);
        }
      }
    }
  }

  private void unreadable(RecordMetadata source, Exception e) {
    // riskgate writes the audit topic itself: another producer's record is skipped, never a reason to stop
    if (unreadableAudits++ % 10_000 == 0) {
      log.warn("Audit record {}-{}@{} cannot be read and is not counted for outcomes ({} so far in this task): {}",
          source.topic(), source.partition(), source.offset(), unreadableAudits, e.toString());
    }
  }

  @Override
  public void close() {
    if (counts != null) {
      figures.detach(context.taskId().partition(), counts.view());
    }
  }
}
