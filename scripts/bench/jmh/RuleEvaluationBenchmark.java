// JMH refuses benchmark classes in the default package; scripts/bench/jmh/run compiles these files as they lie
package dev.riskgate.bench.jmh;

import dev.riskgate.features.CardFeatures;
import dev.riskgate.features.CardProfile;
import dev.riskgate.features.FeatureVector;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.rules.RuleEngine;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.Transaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The default ruleset over feature vectors of generated traffic (cards with history, so velocity and profile
 * features are not all zero), and the card-side work per transaction without the stores: profile decode, card
 * features, profile encode, rules.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RuleEvaluationBenchmark {
  private static final int SAMPLES = 1024; // a power of two: the index wraps with a mask

  private Ruleset ruleset;
  private final FeatureVector[] features = new FeatureVector[SAMPLES];
  private final Transaction[] transactions = new Transaction[SAMPLES];
  private final byte[][] profiles = new byte[SAMPLES][];
  private int next;

  @Setup
  public void generateTraffic() {
    ruleset = Rulesets.defaultRuleset();
    TrafficGenerator generator =
        new TrafficGenerator(new TrafficGenerator.Settings(42, 500, 200, 0, 0.0, "jmh"));
    Map<String, CardProfile> byCard = new HashMap<>();
    long t = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(1);
    int i = 0;
    for (int n = 0; i < SAMPLES; n++, t += 20_000) { // 500 cards, one use every ~3 hours each
      if (!(generator.next(t) instanceof TrafficGenerator.TransactionEvent e)) {
        continue;
      }
      Transaction tx = e.transaction();
      CardProfile profile = byCard.computeIfAbsent(tx.getCardToken(), k -> CardProfile.fromBytes(null));
      if (n >= 20_000) { // the last 1024 of a day of history
        profiles[i] = profile.toBytes();
        transactions[i] = tx;
      }
      FeatureVector vector = new FeatureVector();
      CardFeatures.apply(profile, tx, ruleset.currencies(), vector);
      if (n >= 20_000) {
        features[i++] = vector;
      }
    }
  }

  @Benchmark
  public RuleEngine.Result defaultRuleset() {
    return RuleEngine.decide(ruleset, features[next++ & (SAMPLES - 1)], List.of());
  }

  @Benchmark
  public RuleEngine.Result cardProfileFeaturesAndRules() {
    int i = next++ & (SAMPLES - 1);
    CardProfile profile = CardProfile.fromBytes(profiles[i]);
    FeatureVector vector = new FeatureVector();
    CardFeatures.apply(profile, transactions[i], ruleset.currencies(), vector);
    profiles[i] = profile.toBytes();
    return RuleEngine.decide(ruleset, vector, List.of());
  }
}
