package dev.riskgate.merchant;

import dev.riskgate.features.Feature;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.schema.MerchantFeatures;
import dev.riskgate.schema.TerminalProbe;
import dev.riskgate.schema.Transaction;

/**
 * Puts a merchant's features, as its profile stood just before a transaction, into the transaction's feature vector.
 * Window counts read as zero once the window has passed since the merchant's previous transaction.
 */
final class MerchantFeatureReader {
  private static final long TEN_MINUTES = 10 * 60_000L;
  private static final long HOUR = 3_600_000L;
  private static final double DAY = 86_400_000.0;

  private MerchantFeatureReader() {}

  /** {@code m}: the merchant's features before this transaction, null for a merchant never seen (all zero). */
  static void fill(Transaction tx, MerchantFeatures m, long profileIdleTtlMs, FeatureVector out) {
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
