package dev.riskgate.screening;

import dev.riskgate.features.MerchantActivity;
import dev.riskgate.features.MerchantProfile;
import dev.riskgate.schema.MerchantFeatures;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The merchant-keyed side: folds each screened transaction into its merchant's profile and publishes the merchant's
 * features, which the card-keyed side reads from a global store for the merchant's next transactions. Publishing at
 * most once a minute of event time per merchant (at once when a terminal is being probed) keeps the feature topic's
 * traffic proportional to merchants, not to transactions.
 */
final class MerchantProcessor implements Processor<String, byte[], String, MerchantFeatures> {
  static final long PUBLISH_INTERVAL_MS = 60_000L;
  /** Merchants kept decoded per task live: at ~2.5 KB a profile, at most ~10 MB per task. */
  private static final int CACHE_SLOTS = 4096;
  /**
   * Offline one processor sees every merchant (live, a task sees its partitions' share): 64k slots keep a few
   * thousand merchants decoded with few collisions, at most ~160 MB.
   */
  static final int OFFLINE_CACHE_SLOTS = 65_536;

  private final Duration profileIdleTtl;
  private ProcessorContext<String, MerchantFeatures> context;
  private KeyValueStore<String, byte[]> profiles;
  /** Profiles as last written: a busy merchant's is read back and rewritten on every one of its transactions. */
  private final DecodedCache<MerchantProfile> decoded;

  MerchantProcessor(Duration profileIdleTtl) {
    this(profileIdleTtl, CACHE_SLOTS);
  }

  MerchantProcessor(Duration profileIdleTtl, int cacheSlots) {
    this.profileIdleTtl = profileIdleTtl;
    this.decoded = new DecodedCache<>(cacheSlots);
  }

  @Override
  public void init(ProcessorContext<String, MerchantFeatures> context) {
    this.context = context;
    this.profiles = context.getStateStore(ScreeningTopology.MERCHANT_PROFILE_STORE);
    // a forgotten merchant's published features go too (a tombstone), so every instance's global store forgets it
    IdleProfileSweeper.schedule(context, profiles, MerchantProfile::newestTimeOf, profileIdleTtl,
        merchant -> context.forward(new Record<>(merchant, null, context.currentStreamTimeMs())));
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    MerchantActivity activity = MerchantActivity.fromBytes(record.value());
    byte[] stored = IdleProfileSweeper.unlessIdle(profiles.get(record.key()), MerchantProfile::newestTimeOf,
        activity.eventTime(), profileIdleTtl);
    MerchantProfile profile = stored == null ? null : decoded.take(record.key(), stored);
    if (profile == null) {
      profile = MerchantProfile.fromBytes(stored);
    }
    profile.add(activity);
    MerchantFeatures features = profile.features(record.key());
    boolean publish = profile.shouldPublish(features, PUBLISH_INTERVAL_MS);
    byte[] bytes = profile.toBytes();
    profiles.put(record.key(), bytes);
    decoded.put(record.key(), bytes, profile);
    if (publish) {
      context.forward(new Record<>(record.key(), features, record.timestamp()));
    }
  }
}
