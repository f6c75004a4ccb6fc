package dev.riskgate.bench.jmh;

import dev.riskgate.features.CardFeatures;
import dev.riskgate.features.CardProfile;
import dev.riskgate.features.CurrencyTable;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import dev.riskgate.screening.HopRecord;
import dev.riskgate.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Generated traffic as the card side hands it to the merchant side: each transaction with its card's features (the
 * card's profile kept here), every status ACTIVE, from the card task of its card (one of {@link #CARD_TASKS}), in
 * event-time order. No retries and no status changes: every transaction is new.
 */
final class ScreenedTraffic {
  /** Card partitions, as with the default six topic partitions. */
  static final int CARD_TASKS = 6;

  private final TrafficGenerator generator;
  private final CurrencyTable currencies;
  private final Serializer<Transaction> serializer;
  private final String topic;
  private final long spacingMs;
  private final Map<String, CardProfile> cards = new HashMap<>();
  private final long[] offsets = new long[CARD_TASKS];
  private final java.util.Random tiny;
  private long clock;

  /** {@code merchants}: a few hundred, so that each one's 10-minute and hourly windows hold several transactions. */
  ScreenedTraffic(Topics topics, CurrencyTable currencies, int cards, int merchants, long startMs, long spacingMs) {
    this(topics, currencies, cards, merchants, startMs, spacingMs, false);
  }

  /**
   * {@code tinyOnly}: every amount made tiny (0.20-1.90 reference units: a coffee, a parking meter, a probe of stolen
   * card data), so that every transaction goes on to the area side.
   */
  ScreenedTraffic(Topics topics, CurrencyTable currencies, int cards, int merchants, long startMs, long spacingMs,
      boolean tinyOnly) {
    this.tiny = tinyOnly ? new java.util.Random(7) : null;
    this.generator = new TrafficGenerator(new TrafficGenerator.Settings(42, cards, merchants, 0, 0.0, "jmh"));
    this.currencies = currencies;
    this.serializer = topics.transactions().valueSerde().serializer();
    this.topic = topics.transactions().name();
    this.clock = startMs;
    this.spacingMs = spacingMs;
  }

  /** The next transaction, screened by its card task. */
  HopRecord next() {
    TrafficGenerator.Event event;
    do {
      event = generator.next(clock);
      clock += spacingMs;
    } while (!(event instanceof TrafficGenerator.TransactionEvent));
    Transaction tx = ((TrafficGenerator.TransactionEvent) event).transaction();
    String card = tx.getCardToken();
    if (tiny != null) {
      double oneMinor = currencies.toReference(1, currencies.slotOf(tx.getCurrency()));
      tx.setAmountMinor(Math.max(1, Math.round((0.2 + tiny.nextDouble() * 1.7) / oneMinor)));
    }
    FeatureVector features = new FeatureVector();
    CardFeatures.apply(cards.computeIfAbsent(card, k -> CardProfile.fromBytes(null)), tx, currencies, features);
    int task = Math.floorMod(card.hashCode(), CARD_TASKS);
    List<StatusCheck> checks = new ArrayList<>(List.of(
        new StatusCheck(EntityType.CARD, card, Status.ACTIVE, null),
        new StatusCheck(EntityType.ACCOUNT, tx.getAccountId(), Status.ACTIVE, null),
        new StatusCheck(EntityType.MERCHANT, tx.getMerchantId(), Status.ACTIVE, null)));
    List<ReasonCode> noReasons = new ArrayList<>();
    return HopRecord.original(task, offsets[task]++, tx, serializer.serialize(topic, tx), checks, noReasons,
        features);
  }
}
