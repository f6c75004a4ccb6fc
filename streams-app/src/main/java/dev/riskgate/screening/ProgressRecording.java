package dev.riskgate.screening;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** A global store's processor that reports each record's offset to {@link GlobalProgress} once it is applied. */
public final class ProgressRecording<K, V> implements Processor<K, V, Void, Void> {
  private final Processor<K, V, Void, Void> inner;
  private final GlobalProgress progress;
  private ProcessorContext<Void, Void> context;

  public ProgressRecording(Processor<K, V, Void, Void> inner, GlobalProgress progress) {
    this.inner = inner;
    this.progress = progress;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    inner.init(context);
  }

  @Override
  public void process(Record<K, V> record) {
    inner.process(record);
    context.recordMetadata().ifPresent(m -> progress.applied(m.topic(), m.partition(), m.offset()));
  }

  @Override
  public void close() {
    inner.close();
  }
}
