package dev.riskgate.analyst;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riskgate.privacy.CardView;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last hour of decisions for the analyst page, per minute of decision time: count, blocks, blocks by reason, and
 * the latest blocks and reviews. Tails the decisions topic (committed only, no group) on its own thread, started by
 * the first question, so an instance nobody looks at reads nothing extra. Retries are left out: a retry repeats a
 * decision already counted.
 */
public final class LiveDecisions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveDecisions.class);
  private static final Duration SPAN = Duration.ofHours(1);
  private static final long MINUTE = 60_000L;
  private static final int LATEST = 25;

  private record Minute(long[] counts, Map<ReasonCode, Long> blocksByReason) {}

  private final Supplier<KafkaConsumer<byte[], byte[]>> consumers;
  private final Topic<String, Decision> topic;
  private final TreeMap<Long, Minute> minutes = new TreeMap<>();
  private final Deque<Decision> latest = new ArrayDeque<>();
  private volatile boolean closed;
  private Thread tail;
  private KafkaConsumer<byte[], byte[]> consumer;

  public LiveDecisions(Supplier<KafkaConsumer<byte[], byte[]>> consumers, Topic<String, Decision> topic) {
    this.consumers = consumers;
    this.topic = topic;
  }

  public synchronized ObjectNode lastHour(CardView view) {
    if (tail == null && !closed) {
      tail = new Thread(this::tail, "riskgate-live-decisions");
      tail.setDaemon(true);
      tail.start();
    }
    long now = System.currentTimeMillis();
    minutes.headMap(Math.floorDiv(now - SPAN.toMillis(), MINUTE)).clear();
    ObjectNode body = RecordJson.MAPPER.createObjectNode();
    body.put("since", Instant.ofEpochMilli(now - SPAN.toMillis()).toString());
    long decisions = 0;
    long blocked = 0;
    Map<ReasonCode, Long> byReason = new EnumMap<>(ReasonCode.class);
    ArrayNode perMinute = body.putArray("minutes");
    for (Map.Entry<Long, Minute> m : minutes.entrySet()) {
      decisions += m.getValue().counts()[0];
      blocked += m.getValue().counts()[1];
      m.getValue().blocksByReason().forEach((r, n) -> byReason.merge(r, n, Long::sum));
      perMinute.addObject().put("minute", Instant.ofEpochMilli(m.getKey() * MINUTE).toString())
          .put("decisions", m.getValue().counts()[0]).put("blocked", m.getValue().counts()[1]);
    }
    body.put("decisions", decisions);
    body.put("blocked", blocked);
    body.put("blockRate", decisions == 0 ? 0 : (double) blocked / decisions);
    ObjectNode reasons = body.putObject("blockRateByReason");
    long total = decisions;
    byReason.entrySet().stream().sorted(Map.Entry.<ReasonCode, Long>comparingByValue().reversed())
        .forEach(e -> reasons.put(e.getKey().name(), (double) e.getValue() / total));
    ArrayNode recent = body.putArray("latestBlocksAndReviews");
    latest.forEach(d -> recent.addObject().put("decidedAt", d.getDecidedAt().toString())
        .put("transactionId", d.getTransactionId()).put("card", view.show(d.getCardToken()))
        .put("outcome", d.getOutcome().name()).put("responseCode", d.getResponseCode())
        .set("reasons", RecordJson.of(d.getReasons(), false)));
    return body;
  }

  private void tail() {
    try (KafkaConsumer<byte[], byte[]> c = consumers.get()) {
      synchronized (this) {
        consumer = c;
      }
      var partitions = c.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(topic.name(), p.partition())).toList();
      var decode = topic.valueSerde().deserializer();
      TopicReader.read(c, partitions, new StartPosition.AtTime(Instant.now().minus(SPAN)), null, true,
          () -> closed, r -> {
            add(decode.deserialize(r.topic(), r.value()));
            return true;
          });
    } catch (WakeupException closing) {
      // close() woke the poll
    } catch (RuntimeException e) {
      log.error("The analyst page's live view stopped reading {}: {}", topic.name(), e.getMessage(), e);
    }
  }

  private synchronized void add(Decision d) {
    if (d.getRetry()) {
      return;
    }
    Minute m = minutes.computeIfAbsent(Math.floorDiv(d.getDecidedAt().toEpochMilli(), MINUTE),
        k -> new Minute(new long[2], new EnumMap<>(ReasonCode.class)));
    m.counts()[0]++;
    if (d.getOutcome() == Outcome.BLOCK) {
      m.counts()[1]++;
      d.getReasons().forEach(r -> m.blocksByReason().merge(r, 1L, Long::sum));
    }
    if (d.getOutcome() != Outcome.ALLOW) {
      latest.addFirst(d);
      if (latest.size() > LATEST) {
        latest.removeLast();
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (consumer != null) {
      consumer.wakeup();
    }
  }
}
