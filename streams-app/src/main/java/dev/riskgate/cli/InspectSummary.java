package dev.riskgate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riskgate.analyst.RecordJson;
import dev.riskgate.privacy.CardTokens;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code inspect --summary}: decisions counted by outcome and reason per time bucket of event time, the block rate,
 * and the merchants and cards with the most blocks (original decisions only: a terminal's retry is not a second
 * block). Merchants are known only from audit events, which carry the transaction.
 */
final class InspectSummary {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final int TOP = 10;

  private final Duration bucket;
  private final TreeMap<Long, OutcomeSummary> buckets = new TreeMap<>();
  private final OutcomeSummary total = new OutcomeSummary();
  private final Map<String, Long> blocksByMerchant = new HashMap<>();
  private final Map<String, Long> blocksByCard = new HashMap<>();
  private boolean merchantsKnown;

  InspectSummary(Duration bucket) {
    this.bucket = bucket;
  }

  /** {@code merchantId} is null when the record is a bare decision. */
  void add(Decision d, String merchantId) {
    long start = Math.floorDiv(d.getEventTime().toEpochMilli(), bucket.toMillis()) * bucket.toMillis();
    buckets.computeIfAbsent(start, s -> new OutcomeSummary()).add(d);
    total.add(d);
    if (d.getOutcome() == Outcome.BLOCK && !d.getRetry()) {
      blocksByCard.merge(d.getCardToken(), 1L, Long::sum);
      if (merchantId != null) {
        merchantsKnown = true;
        blocksByMerchant.merge(merchantId, 1L, Long::sum);
      }
    }
  }

  String text(boolean unmask) {
    StringBuilder out = new StringBuilder();
    out.append("decisions per ").append(bucket.toString().substring(2).toLowerCase()).append(" of event time (UTC):\n");
    buckets.forEach((start, s) -> out.append(TIME.format(Instant.ofEpochMilli(start))).append("  ").append(s)
        .append('\n'));
    out.append("total: ").append(total).append('\n');
    out.append(String.format("block rate: %.2f%% (%,d of %,d decisions)%n", blockRate(), total.count(Outcome.BLOCK),
        total.total()));
    out.append("top merchants by blocks: ").append(merchantsKnown || total.total() == 0
        ? top(blocksByMerchant, Function.identity()) : "(inspect the audit topic: decisions carry no merchant)")
        .append('\n');
    out.append("top cards by blocks: ").append(top(blocksByCard, t -> CardTokens.show(t, unmask))).append('\n');
    return out.toString();
  }

  ObjectNode json(boolean unmask) {
    ObjectNode root = RecordJson.MAPPER.createObjectNode();
    ArrayNode rows = root.putArray("buckets");
    buckets.forEach((start, s) -> {
      ObjectNode row = rows.addObject();
      row.put("start", Instant.ofEpochMilli(start).toString());
      fill(row, s);
    });
    fill(root.putObject("total"), total);
    root.put("blockRate", blockRate() / 100);
    ObjectNode merchants = root.putObject("topMerchantsByBlocks");
    ranked(blocksByMerchant).forEach(e -> merchants.put(e.getKey(), e.getValue()));
    ObjectNode cards = root.putObject("topCardsByBlocks");
    ranked(blocksByCard).forEach(e -> cards.put(CardTokens.show(e.getKey(), unmask), e.getValue()));
    return root;
  }

  private static void fill(ObjectNode node, OutcomeSummary s) {
    node.put("decisions", s.total());
    node.put("retries", s.retries());
    ObjectNode outcomes = node.putObject("outcomes");
    for (Outcome o : Outcome.values()) {
      outcomes.put(o.name(), s.count(o));
    }
    ObjectNode reasons = node.putObject("reasons");
    s.reasonCounts().forEach((r, n) -> reasons.put(r.name(), n));
  }

  private double blockRate() {
    return total.total() == 0 ? 0 : 100.0 * total.count(Outcome.BLOCK) / total.total();
  }

  private static String top(Map<String, Long> counts, Function<String, String> shown) {
    List<Map.Entry<String, Long>> ranked = ranked(counts);
    if (ranked.isEmpty()) {
      return "none";
    }
    StringBuilder out = new StringBuilder();
    ranked.forEach(e -> out.append(out.isEmpty() ? "" : ", ").append(shown.apply(e.getKey())).append(' ')
        .append(e.getValue()));
    return out.toString();
  }

  private static List<Map.Entry<String, Long>> ranked(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP).toList();
  }
}
