package dev.riskgate.cli;

import dev.riskgate.generate.LabelledDay;
import dev.riskgate.generate.TrafficGenerator;
import picocli.CommandLine.Option;

/**
 * The synthetic population every traffic-making command shares (generate, detection-report, the benchmark): one
 * definition of its options, each command choosing its own defaults by the instance it mixes in, so that a new knob
 * of the generator is added once.
 */
public final class TrafficOptions {
  @Option(names = "--seed", paramLabel = "N",
      description = "Seed of the population: the same seed and sizes make the same cards, merchants and traffic. "
          + "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--cards", paramLabel = "N",
      description = "Distinct cards (a rate spread over too few cards looks like velocity fraud); 0 = scaled to the "
          + "run by the world's density (global: one card per five transactions, at least 1,000). "
          + "Default: ${DEFAULT-VALUE}.")
  int cards;

  @Option(names = "--merchants", paramLabel = "N",
      description = "Distinct merchants; fewer make busier terminals, the harder case for merchant and terminal "
          + "rules; 0 = scaled to the run by the world's density (global: one merchant per 50 transactions, at least "
          + "200). Default: ${DEFAULT-VALUE}.")
  int merchants;

  @Option(names = "--world", paramLabel = "NAME", completionCandidates = Worlds.class,
      description = "Kind of world the traffic is drawn from: its cities and currencies, how many payments a card and "
          + "a merchant make, its shopping habits (${COMPLETION-CANDIDATES}; detection-report also takes all; "
          + "see docs/detection.md). "
          + "Default: ${DEFAULT-VALUE}.")
  String world = TrafficGenerator.worlds().get(0);

  /** The world names, for --help and completion. */
  static final class Worlds implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return TrafficGenerator.worlds().iterator();
    }
  }

  /** The options with these defaults (the initial values are what picocli shows and keeps when not given). */
  public TrafficOptions(long seed, int cards, int merchants) {
    this.seed = seed;
    this.cards = cards;
    this.merchants = merchants;
  }

  public long seed() {
    return seed;
  }

  public int cards() {
    return cards;
  }

  public int merchants() {
    return merchants;
  }

  public String world() {
    return world;
  }

  /** A clear error for sizes the generator cannot make, or null; {@code transactions} 0 is a run without end. */
  public String problem(long transactions) {
    if (!TrafficGenerator.worlds().contains(world)) { // detection-report --world all is handled before
      return "--world: no world '" + world + "' (worlds: " + String.join(", ", TrafficGenerator.worlds()) + ")";
    }
    if (cards < 0 || merchants < 0) {
      return "--cards and --merchants must be at least 1, or 0 to scale with the run";
    }
    if ((cards == 0 || merchants == 0) && transactions <= 0) {
      return "--cards 0 and --merchants 0 scale with the run's size: give its count";
    }
    return null;
  }

  /** These options with a size of 0 replaced by the one scaled to a run of {@code transactions}. */
  public TrafficOptions sizedFor(long transactions) {
    int legit = (int) Math.min(Integer.MAX_VALUE, transactions);
    TrafficOptions sized = new TrafficOptions(seed, cards > 0 ? cards : LabelledDay.defaultCards(legit, world),
        merchants > 0 ? merchants : LabelledDay.defaultMerchants(legit, world));
    sized.world = world;
    return sized;
  }

  /** The generator's settings for this population with {@code statusChangeEvery} and {@code retryRatio}. */
  public TrafficGenerator.Settings settings(int statusChangeEvery, double retryRatio, String runId) {
    return new TrafficGenerator.Settings(seed, cards, merchants, statusChangeEvery, retryRatio, runId, world);
  }
}
