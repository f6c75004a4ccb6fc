package dev.riskgate.screening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.features.MerchantActivity;
import dev.riskgate.schema.MerchantFeatures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class MerchantProcessorTest {
  private static final Duration TTL = Duration.ofHours(6);

  /**
   * Offline the store is written behind: with two slots held for 40 merchants (evictions all the time) and gaps past
   * the idle TTL, the features published and the profiles stored at the end are exactly those of writing every time.
   */
  @Test
  void writingBehindPublishesAndStoresExactlyAsWritingEveryTime() {
    Run everyTime = new Run(new MerchantProcessor(TTL));
    Run behind = new Run(MerchantProcessor.writingBehind(TTL, 2));
    Random random = new Random(7);
    long time = 1_700_000_000_000L;
    for (int i = 0; i < 20_000; i++) {
      time += random.nextInt(100) == 0 ? TTL.toMillis() + random.nextInt(60_000) : random.nextInt(20_000);
      String merchant = "mer_" + random.nextInt(40);
      MerchantActivity activity = new MerchantActivity("trm_" + random.nextInt(3), random.nextInt(500),
          random.nextBoolean() ? 1.5f : 20 + random.nextInt(300), time, (byte) random.nextInt(24));
      everyTime.process(merchant, activity);
      behind.process(merchant, activity);
    }
    assertThat(behind.published).hasSize(everyTime.published.size()).isEqualTo(everyTime.published);
    everyTime.processor.close();
    behind.processor.close();
    assertThat(behind.stored()).isEqualTo(everyTime.stored()).hasSize(40);
  }

  private static final class Run {
    final MerchantProcessor processor;
    final KeyValueStore<String, byte[]> store = HashKeyValueStore.offline(ScreeningTopology.MERCHANT_PROFILE_STORE);
    final MockProcessorContext<String, MerchantFeatures> context = new MockProcessorContext<>();
    final List<MerchantFeatures> published = new ArrayList<>();
    final List<String> merchants = new ArrayList<>();

    Run(MerchantProcessor processor) {
      this.processor = processor;
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
      processor.init(context);
    }

    void process(String merchant, MerchantActivity activity) {
      merchants.add(merchant);
      processor.process(new Record<>(merchant, activity.toBytes(), activity.eventTime()));
      context.forwarded().forEach(forward -> published.add(forward.record().value()));
      context.resetForwards();
    }

    Map<String, String> stored() {
      Map<String, String> stored = new HashMap<>();
      for (String merchant : merchants) {
        byte[] bytes = store.get(merchant);
        stored.put(merchant, bytes == null ? null : java.util.HexFormat.of().formatHex(bytes));
      }
      return stored;
    }
  }
}
