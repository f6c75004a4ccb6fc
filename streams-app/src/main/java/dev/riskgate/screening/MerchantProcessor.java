package dev.riskgate.screening;

import dev.riskgate.features.MerchantActivity;
import dev.riskgate.features.MerchantProfile;
import dev.riskgate.schema.TerminalFeatures;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The merchant-keyed side: folds each small-amount transaction into its merchant's profile and, once a second card
 * probes the same terminal, publishes the terminal's features, which the card-keyed side reads from a global store
 * for the terminal's next transactions (features older than 10 minutes read as zero, so nothing needs clearing).
 */
final class MerchantProcessor implements Processor<String, byte[], String, TerminalFeatures> {
  private ProcessorContext<String, TerminalFeatures> context;
  private KeyValueStore<String, byte[]> profiles;

  @Override
  public void init(ProcessorContext<String, TerminalFeatures> context) {
    this.context = context;
    this.profiles = context.getStateStore(ScreeningTopology.MERCHANT_PROFILE_STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    MerchantActivity activity = MerchantActivity.fromBytes(record.value());
    MerchantProfile profile = MerchantProfile.fromBytes(profiles.get(record.key()));
    int[] counts = profile.add(activity);
    profiles.put(record.key(), profile.toBytes());
    if (counts[1] < 2) {
      return; // one card alone on the terminal: nothing any reader would act on, and nothing to overwrite
    }
    TerminalFeatures features = new TerminalFeatures(record.key(), activity.terminalId(), counts[0], counts[1],
        Instant.ofEpochMilli(activity.eventTime()));
    context.forward(new Record<>(terminalKey(record.key(), activity.terminalId()), features, record.timestamp()));
  }

  static String terminalKey(String merchantId, String terminalId) {
    return merchantId + "/" + terminalId;
  }
}
