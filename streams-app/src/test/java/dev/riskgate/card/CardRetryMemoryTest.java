package dev.riskgate.card;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.features.CardFeatures;
import dev.riskgate.features.CardProfile;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.Transaction;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

class CardRetryMemoryTest {
  private static final long WINDOW = Duration.ofHours(1).toMillis();
  private static final long T = 1_790_000_000_000L;
  private final WindowStore<String, byte[]> store = windowStore();
  private CardProfile profile = new CardProfile();
  private long offset;

  /** A profile written while it vouched, then screened where it cannot (at-least-once, or a short TTL). */
  @Test
  void whatAVouchingProfileListedIsStoredWhenItLeavesTheRingAfterASwitch() {
    CardRetryMemory vouching = new CardRetryMemory(store, WINDOW, true);
    screenNew(vouching, "tx-listed", T);
    CardRetryMemory notVouching = new CardRetryMemory(store, WINDOW, false);
    for (int i = 1; i <= CardProfile.RING; i++) {
      screenNew(notVouching, "tx-" + i, T + i * 1_000);
    }
    assertThat(profile.listed(CardProfile.idHash("tx-listed"), profile.size())).isEqualTo(CardProfile.NOT_LISTED);

    SeenTransaction original = notVouching.originalOf("tx-listed", T, profile, true, 0, T + 60_000);
    assertThat(original).isNotNull();
    assertThat(original.offset()).isZero();
    assertThat(original.eventTime()).isEqualTo(T);
  }

  @Test
  void aProfileThatVouchesIsAskedAloneForWhatItLists() {
    CardRetryMemory vouching = new CardRetryMemory(store, WINDOW, true);
    screenNew(vouching, "tx-a", T);
    screenNew(vouching, "tx-b", T + 1_000);
    try (KeyValueIterator<Windowed<String>, byte[]> all = store.all()) {
      assertThat(all.hasNext()).as("nothing in the store").isFalse();
    }
    assertThat(vouching.originalOf("tx-b", T + 1_000, profile, true, 0, T + 1_000).offset()).isEqualTo(1);
    assertThat(vouching.originalOf("tx-c", T + 2_000, profile, true, 0, T + 2_000)).isNull();
    assertThat(vouching.originalOf("tx-a", T, profile, true, 0, T + 3 * WINDOW + 1_000))
        .as("past the store's retention of stream time").isNull();
  }

  private void screenNew(CardRetryMemory memory, String id, long eventTime) {
    Transaction tx = Transaction.newBuilder().setTransactionId(id).setCardToken("tok_card1").setAccountId("acc_a")
        .setMerchantId("mer_m").setTerminalId("trm_t").setMcc("5411").setAmountMinor(2_500).setCurrency("EUR")
        .setEntryMode(EntryMode.CHIP).setEventTime(Instant.ofEpochMilli(eventTime)).setCountry("FR")
        .setAcquirerId("acq_a").build();
    boolean stored = profile.size() > 0;
    CardProfile next = CardProfile.fromBytes(stored ? profile.toBytes() : null);
    assertThat(memory.originalOf(id, eventTime, next, stored, 0, eventTime)).isNull();
    CardFeatures.apply(next, tx, offset, Rulesets.defaultRuleset().currencies(), new FeatureVector());
    memory.rememberNew(id, eventTime, 0, offset++, next, eventTime);
    profile = CardProfile.fromBytes(next.toBytes());
  }

  private static WindowStore<String, byte[]> windowStore() {
    WindowStore<String, byte[]> store = Stores.windowStoreBuilder(
        Stores.inMemoryWindowStore("dedupe", Duration.ofHours(3), Duration.ofHours(1), false),
        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
    return store;
  }
}
