package dev.riskgate.analyst;

import dev.riskgate.topics.GrouplessConsumer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.privacy.CardView;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Transaction;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the analyst page asks the app that needs the topics, not only the stores: a transaction explained (found
 * through the de-duplication index, then one partition and two minutes of it) and a card's recent decisions (its
 * audit partition, last day). Each question uses its own short-lived consumer without a group.
 */
public final class AnalystQueries {
  private static final Duration HISTORY = Duration.ofDays(1);
  private static final int HISTORY_ROWS = 20;

  private final RiskgateConfig config;
  private final Topics topics;
  private final LiveState live;

  public AnalystQueries(RiskgateConfig config, Topics topics, LiveState live) {
    this.config = config;
    this.topics = topics;
    this.live = live;
  }

  /**
   * Explanation JSON (as {@code riskgate explain -o json}) plus its text; the card token masked, as in every answer
   * of the API: the page asks for the card's view through the transaction ({@link #cardOfTransaction}).
   */
  public LiveState.Answer explain(String transactionId, CardView view) {
    Found found = find(transactionId);
    if (found.error() != null) {
      return found.error();
    }
    TransactionFinder.Result result = found.result();
    String version = result.audit().value().getDecision().getRulesetVersion();
    Explanation explanation = new Explanation(result, Explanation.definitionsOf(version, live.publishedRuleset()),
        false);
    ObjectNode body = explanation.json();
    body.put("text", explanation.text());
    body.put("card", view.show(result.audit().value().getDecision().getCardToken()));
    return new LiveState.Answer(200, body);
  }

  /**
   * The card of a transaction, for the page: its current features, status and last day of decisions, without the
   * token leaving the server.
   */
  public LiveState.Answer cardOfTransaction(String transactionId, CardView view) {
    Found found = find(transactionId);
    if (found.error() != null) {
      return found.error();
    }
    String token = found.result().audit().value().getDecision().getCardToken();
    ObjectNode body = RecordJson.MAPPER.createObjectNode();
    body.put("card", view.show(token));
    body.set("features", live.card(token, false, view).body());
    body.set("history", cardHistory(token, view).body());
    body.set("status", live.status("card", token, view).body());
    return new LiveState.Answer(200, body);
  }

  /** A transaction and its decision, found through the index; or the answer saying why not. */
  private record Found(TransactionFinder.Result result, LiveState.Answer error) {}

  private Found find(String transactionId) {
    LiveState.Answer location = live.transactionLocation(transactionId, false);
    if (location.status() != 200) {
      return new Found(null, location);
    }
    TransactionFinder.Result result;
    try (KafkaConsumer<byte[], byte[]> consumer = GrouplessConsumer.create(config, "riskgate-page-explain")) {
      result = new TransactionFinder(consumer, topics).findAt(transactionId, location.body().get("partition").asInt(),
          location.body().get("offset").asLong());
    }
    return result.found() ? new Found(result, null) : new Found(null,
        live.error(404, "the decision of " + transactionId + " is not on " + topics.audit().name() + " yet"));
  }

  /** The card's decisions of the last day, newest first (at most 20). */
  public LiveState.Answer cardHistory(String cardToken, CardView view) {
    String audit = topics.audit().name();
    Deque<ObjectNode> rows = new ArrayDeque<>();
    var decode = topics.audit().valueSerde().deserializer();
    try (KafkaConsumer<byte[], byte[]> consumer = GrouplessConsumer.create(config, "riskgate-page-history")) {
      int partitions = consumer.partitionsFor(audit, Duration.ofSeconds(30)).size();
      TopicPartition tp = new TopicPartition(audit, TransactionFinder.partitionOf(cardToken, partitions));
      TopicReader.read(consumer, List.of(tp), new StartPosition.AtTime(Instant.now().minus(HISTORY)), null, false,
          () -> false, r -> {
            if (r.key() != null && cardToken.equals(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))) {
              rows.addFirst(row(decode.deserialize(audit, r.value())));
              if (rows.size() > HISTORY_ROWS) {
                rows.removeLast();
              }
            }
            return true;
          });
    }
    ObjectNode body = RecordJson.MAPPER.createObjectNode();
    body.put("card", view.show(cardToken));
    ArrayNode decisions = body.putArray("decisions");
    rows.forEach(decisions::add);
    return new LiveState.Answer(200, body);
  }

  private static ObjectNode row(AuditEvent a) {
    Transaction tx = a.getTransaction();
    ObjectNode row = RecordJson.MAPPER.createObjectNode();
    row.put("eventTime", tx.getEventTime().toString());
    row.put("transactionId", tx.getTransactionId());
    row.put("merchantId", tx.getMerchantId());
    row.put("amount", Amounts.format(tx.getAmountMinor(), tx.getCurrency()));
    row.put("outcome", a.getDecision().getOutcome().name());
    row.put("responseCode", a.getDecision().getResponseCode());
    row.put("retry", a.getDecision().getRetry());
    row.set("reasons", RecordJson.of(a.getDecision().getReasons(), false));
    return row;
  }
}
