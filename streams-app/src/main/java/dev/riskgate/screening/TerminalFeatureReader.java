package dev.riskgate.screening;

import dev.riskgate.features.Feature;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.schema.TerminalFeatures;
import dev.riskgate.schema.Transaction;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the terminal's features, as the merchant side last published them, into a transaction's feature vector.
 * They lag by the transactions still in flight on the merchant side (a commit interval under exactly-once), and
 * count as zero once older than the 10-minute window.
 */
final class TerminalFeatureReader {
  private static final Logger log = LoggerFactory.getLogger(TerminalFeatureReader.class);
  private static final long WINDOW = 10 * 60_000L;

  private final ReadOnlyKeyValueStore<String, byte[]> store;
  private final Deserializer<TerminalFeatures> deserializer;
  private final String topic;

  TerminalFeatureReader(ReadOnlyKeyValueStore<String, byte[]> store, Deserializer<TerminalFeatures> deserializer,
      String topic) {
    this.store = store;
    this.deserializer = deserializer;
    this.topic = topic;
  }

  void fill(Transaction tx, FeatureVector out) {
    byte[] bytes = store.get(MerchantProcessor.terminalKey(tx.getMerchantId(), tx.getTerminalId()));
    if (bytes == null) {
      return;
    }
    TerminalFeatures features;
    try {
      features = deserializer.deserialize(topic, bytes);
    } catch (RuntimeException e) {
      log.warn("Terminal features of {} do not decode and are ignored: {}", tx.getTerminalId(), e.getMessage());
      return;
    }
    long age = tx.getEventTime().toEpochMilli() - features.getAsOf().toEpochMilli();
    if (age < 0 || age >= WINDOW) {
      return;
    }
    out.set(Feature.TERMINAL_SMALL_CARDS_10M, features.getSmallAmountCards10m());
  }
}
