package dev.riskgate.screening;

import dev.riskgate.features.Feature;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.schema.MerchantFeatures;
import dev.riskgate.schema.TerminalProbe;
import dev.riskgate.schema.Transaction;
import java.time.Duration;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the merchant's features, as the merchant side last published them, into a transaction's feature vector.
 * They lag by the transactions still in flight on the merchant side (a commit interval under exactly-once) and by up
 * to a minute of publishing interval; window counts read as zero once the window has passed since they were taken.
 */
final class MerchantFeatureReader {
  private static final Logger log = LoggerFactory.getLogger(MerchantFeatureReader.class);
  private static final long TEN_MINUTES = 10 * 60_000L;
  private static final long HOUR = 3_600_000L;
  private static final double DAY = 86_400_000.0;
  private static final int CACHE_SLOTS = 4096;

  private final ReadOnlyKeyValueStore<String, byte[]> store;
  private final Deserializer<MerchantFeatures> deserializer;
  private final String topic;
  private final long profileIdleTtlMs;
  /** A merchant's record changes at most once a minute but is read on every one of its transactions. */
  private final DecodedCache<MerchantFeatures> decoded = new DecodedCache<>(CACHE_SLOTS);

  MerchantFeatureReader(ReadOnlyKeyValueStore<String, byte[]> store, Deserializer<MerchantFeatures> deserializer,
      String topic, Duration profileIdleTtl) {
    this.profileIdleTtlMs = profileIdleTtl.toMillis();
    this.store = store;
    this.deserializer = deserializer;
    this.topic = topic;
  }

  void fill(Transaction tx, FeatureVector out) {
    byte[] bytes = store.get(tx.getMerchantId());
    if (bytes == null) {
      return; // a merchant never seen before: every merchant feature reads as zero
    }
    MerchantFeatures m = decode(tx.getMerchantId(), bytes);
    if (m == null) {
      return;
    }
    long now = tx.getEventTime().toEpochMilli();
    long asOf = m.getAsOf().toEpochMilli();
    long firstSeen = m.getFirstSeen().toEpochMilli();
    long age = now - asOf;
    if (age > profileIdleTtlMs) {
      return; // idle past the TTL: as forgotten as if the sweeper had already reached it
    }
    out.set(Feature.MERCHANT_TRANSACTIONS, m.getTransactionsSeen());
    out.set(Feature.MERCHANT_AGE_DAYS, Math.max(0, now - firstSeen) / DAY);
    out.set(Feature.MERCHANT_NIGHT_SHARE, m.getNightShare());
    if (age < 0 || age >= HOUR) {
      return;
    }
    out.set(Feature.MERCHANT_COUNT_1H, m.getCount1h());
    out.set(Feature.MERCHANT_SUM_1H, m.getSum1h());
    out.set(Feature.MERCHANT_SPIKE_RATIO, spikeRatio(m.getCount1h(), m.getTransactionsSeen(), asOf - firstSeen));
    if (age >= TEN_MINUTES) {
      return;
    }
    out.set(Feature.MERCHANT_SMALL_CARDS_10M, m.getSmallAmountCards10m());
    out.set(Feature.MERCHANT_SMALL_SHARE_10M, m.getSmallAmountShare10m());
    for (TerminalProbe probe : m.getProbedTerminals()) {
      if (probe.getTerminalId().equals(tx.getTerminalId())) {
        out.set(Feature.TERMINAL_SMALL_CARDS_10M, probe.getSmallAmountCards10m());
        out.set(Feature.TERMINAL_SMALL_SHARE_10M, probe.getSmallAmountShare10m());
      }
    }
  }

  private MerchantFeatures decode(String merchantId, byte[] bytes) {
    MerchantFeatures m = decoded.get(merchantId, bytes);
    if (m != null) {
      return m;
    }
    try {
      m = deserializer.deserialize(topic, bytes);
    } catch (RuntimeException e) {
      log.warn("Features of merchant {} do not decode and are ignored: {}", merchantId, e.getMessage());
      return null;
    }
    decoded.put(merchantId, bytes, m);
    return m;
  }

  /**
   * The last hour's count over the merchant's average hourly count since first seen; 0 before a full day of history,
   * because against less than one daily cycle every morning rush looks like a spike.
   */
  static double spikeRatio(int count1h, long transactionsSeen, long historyMs) {
    if (historyMs < DAY || transactionsSeen == 0) {
      return 0;
    }
    double perHour = transactionsSeen / (historyMs / (double) HOUR);
    return count1h / perHour;
  }
}
