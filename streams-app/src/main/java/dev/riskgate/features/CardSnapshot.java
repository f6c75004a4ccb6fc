package dev.riskgate.features;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A card's profile as people read it: its windows as of its newest transaction (event time, so a replayed card reads
 * as it was then), the amount profile and the transactions remembered. Amounts in the reference currency, as rules
 * see them. Read-only: the stored profile is not changed.
 */
public record CardSnapshot(long newestTime, Map<String, Double> windows, int profiledTransactions,
    double typicalAmount, double amountLogDeviation, List<Recent> recent) {

  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;

  /** One remembered transaction of the card: when and how much (reference currency). */
  public record Recent(long time, double amount) {}

  /** Null when the card has never been seen. */
  public static CardSnapshot of(CardProfile p) {
    if (p.size == 0) {
      return null;
    }
    long now = p.newestTime();
    Map<String, Double> w = new LinkedHashMap<>();
    window(p, now, MINUTE, "1m", w);
    window(p, now, 10 * MINUTE, "10m", w);
    window(p, now, HOUR, "1h", w);
    double count24h = 0;
    double sum24h = 0;
    for (int i = 0; i < CardProfile.HOURS; i++) {
      count24h += p.hourCounts[i];
      sum24h += p.hourSums[i];
    }
    w.put("card.count.24h", count24h);
    w.put("card.sum.24h", sum24h);
    Set<Integer> merchants = new HashSet<>();
    Set<Integer> terminals = new HashSet<>();
    double small10m = 0;
    for (int i = 0; i < p.size; i++) {
      long age = now - p.times[i];
      if (age < HOUR) {
        merchants.add(p.merchants[i]);
        terminals.add(p.terminals[i]);
      }
      small10m += age < 10 * MINUTE && (p.flags[i] & CardProfile.TINY) != 0 ? 1 : 0;
    }
    w.put("card.distinctMerchants.1h", (double) merchants.size());
    w.put("card.distinctTerminals.1h", (double) terminals.size());
    w.put("card.smallCount.10m", small10m);
    List<Recent> recent = new ArrayList<>(p.size);
    for (int i = p.size - 1; i >= 0; i--) {
      recent.add(new Recent(p.times[i], p.amounts[i]));
    }
    return new CardSnapshot(now, w, p.amountCount, Math.exp(p.logMean), Math.sqrt(p.logVar), recent);
  }

  private static void window(CardProfile p, long now, long length, String name, Map<String, Double> out) {
    double count = 0;
    double sum = 0;
    for (int i = 0; i < p.size; i++) {
      if (now - p.times[i] < length) {
        count++;
        sum += p.amounts[i];
      }
    }
    out.put("card.count." + name, count);
    out.put("card.sum." + name, sum);
  }
}
