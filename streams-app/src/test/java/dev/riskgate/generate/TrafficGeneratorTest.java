package dev.riskgate.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.privacy.TokenRanges;
import dev.riskgate.schema.Transaction;
import dev.riskgate.validation.TransactionValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
  private static final long NOON_UTC = 1_795_000_000_000L - 1_795_000_000_000L % 86_400_000L + 43_200_000L;

  @Test
  void everyGeneratedTransactionPassesValidationAndCarriesNoCardNumber() {
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(3, 2_000, 300, 500, 0.02, "t1"));
    TransactionValidator validator = new TransactionValidator(Duration.ofMinutes(5), Duration.ofDays(400),
        TokenRanges.NONE);
    int transactions = 0;
    for (int i = 0; i < 20_000; i++) {
      if (generator.next(NOON_UTC + i * 10L) instanceof TrafficGenerator.TransactionEvent event) {
        Transaction tx = event.transaction();
        assertThat(validator.validate(tx.getCardToken(), tx, NOON_UTC + i * 10L)).as(tx.toString()).isNull();
        String ids = String.join(" ", tx.getTransactionId(), tx.getCardToken(), tx.getAccountId(),
            tx.getMerchantId(), tx.getTerminalId(), tx.getAcquirerId());
        assertThat(PanDetector.containsPan(ids)).as(ids).isFalse();
        transactions++;
      }
    }
    assertThat(transactions).isGreaterThan(19_000);
  }

  @Test
  void cardholdersKeepToTheCategoriesOfTheirHabits() {
    // 200 cards, 100 payments each: without habits every card would have paid at a jeweller (1 in 11 payments)
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(5, 200, 400, 0, 0, "t3"));
    java.util.Map<String, Set<String>> categories = new java.util.HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      if (generator.next(NOON_UTC + i * 60_000L) instanceof TrafficGenerator.TransactionEvent event) {
        Transaction tx = event.transaction();
        categories.computeIfAbsent(tx.getCardToken(), c -> new HashSet<>()).add(tx.getMcc());
      }
    }
    long jewellery = categories.values().stream().filter(mccs -> mccs.contains("5944")).count();
    assertThat(jewellery).as("cards that ever paid at a jeweller, of %d (global world: 60%% hold the habit)",
        categories.size()).isBetween(80L, 160L);
    assertThat(categories.values().stream().filter(mccs -> mccs.contains("5411") || mccs.contains("5814")).count())
        .as("everyday shops are nearly everyone's").isGreaterThan(190L);
  }

  @Test
  void mixesRetriesAndStatusChangesIntoVariedTraffic() {
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(3, 2_000, 300, 500, 0.02, "t2"));
    Set<String> cards = new HashSet<>();
    Set<String> currencies = new HashSet<>();
    Set<String> ids = new HashSet<>();
    int retries = 0;
    int statuses = 0;
    for (int i = 0; i < 20_000; i++) {
      var event = generator.next(NOON_UTC + i * 10L);
      if (event instanceof TrafficGenerator.TransactionEvent t) {
        cards.add(t.transaction().getCardToken());
        currencies.add(t.transaction().getCurrency());
        boolean fresh = ids.add(t.transaction().getTransactionId());
        assertThat(fresh).as("a repeated id is exactly a retry").isEqualTo(!t.retry());
        retries += t.retry() ? 1 : 0;
      } else if (event instanceof TrafficGenerator.StatusEvent s) {
        assertThat(s.key()).isEqualTo(s.status().getEntityType() + ":" + s.status().getEntityId());
        statuses++;
      }
    }
    assertThat(cards).hasSizeGreaterThan(1_500);
    assertThat(currencies).hasSizeGreaterThanOrEqualTo(6);
    assertThat(retries).isBetween(200, 600);
    assertThat(statuses).isBetween(30, 50);
  }

  @Test
  void sameSettingsAndClockGiveTheSameTraffic() {
    List<String> first = sample(new TrafficGenerator(new TrafficGenerator.Settings(9, 100, 20, 50, 0.05, "same")));
    List<String> second = sample(new TrafficGenerator(new TrafficGenerator.Settings(9, 100, 20, 50, 0.05, "same")));
    assertThat(first).isEqualTo(second);
  }

  @Test
  void dayOnlyMerchantsAreNearlySilentAtNight() {
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(5, 1_000, 400, 0, 0, "night"));
    // 03:00 in Shanghai: day-only categories (grocery, department stores, jewellery ...) should almost vanish
    long threeAmShanghai = NOON_UTC - 12 * 3_600_000L + 19 * 3_600_000L;
    int dayOnly = 0;
    int total = 0;
    for (int i = 0; i < 5_000; i++) {
      if (generator.next(threeAmShanghai) instanceof TrafficGenerator.TransactionEvent t
          && t.transaction().getCountry().equals("CN")) {
        total++;
        String mcc = t.transaction().getMcc();
        dayOnly += World.CATEGORIES.stream().anyMatch(c -> c.mcc().equals(mcc) && !c.opensAtNight()) ? 1 : 0;
      }
    }
    assertThat(total).isPositive();
    assertThat((double) dayOnly / total).isLessThan(0.15);
  }

  private static List<String> sample(TrafficGenerator generator) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      out.add(generator.next(NOON_UTC + i).toString());
    }
    return out;
  }
}
