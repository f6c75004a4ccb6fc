package dev.riskgate.detection;

import dev.riskgate.backtest.BacktestDriver;
import dev.riskgate.generate.Label;
import dev.riskgate.generate.LabelledDay;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.history.HistoryRecord.StatusRow;
import dev.riskgate.history.HistoryRecord.TransactionRow;
import dev.riskgate.history.HistoryRecord;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.RuleMode;
import dev.riskgate.schema.Transaction;
import dev.riskgate.status.StatusReasons;
import dev.riskgate.topology.OfflineScreening;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Runs a ruleset over a generated day with labelled fraud episodes, through the same topology code as the live app
 * (offline, no broker: the backtest's driver), and measures per-scenario recall and the false-positive rates on
 * ordinary transactions.
 */
public final class DetectionReport {

  /** Counts for one label. */
  public static final class Tally {
    int transactions;
    /** Transactions recall counts ({@link Label#firstCounted}), and how many of them were blocked or reviewed. */
    int counted;
    int countedCaught;
    int blocked;
    int reviewed;
    int statusBlocked;
    int retriesRecognised;
    final Set<Integer> episodes = new HashSet<>();
    final Set<Integer> episodesCaught = new HashSet<>();
    /** Rule id -> blocked or reviewed transactions it fired on (ENFORCE rules): which rules make the mistakes. */
    final Map<String, Integer> flaggedBy = new TreeMap<>();

    public double recall() {
      return ratio(countedCaught, counted);
    }

    public double episodeRecall() {
      return ratio(episodesCaught.size(), episodes.size());
    }

    /** Blocks of ordinary transactions that the rules made; blocks by entity status are not rule mistakes. */
    public double blockRate() {
      return ratio(blocked - statusBlocked, transactions);
    }

    public double reviewRate() {
      return ratio(reviewed, transactions);
    }

    public double retryRecognition() {
      return ratio(retriesRecognised, transactions);
    }

    private static double ratio(int part, int whole) {
      return whole == 0 ? 0 : (double) part / whole;
    }
  }

  private DetectionReport() {}

  public static Map<Label, Tally> run(Ruleset ruleset, long seed, int legit, int episodesPerScenario) {
    return run(ruleset, seed, legit, episodesPerScenario, LabelledDay.defaultCards(legit),
        LabelledDay.defaultMerchants(legit));
  }

  public static Map<Label, Tally> run(Ruleset ruleset, long seed, int legit, int episodesPerScenario, int cards,
      int merchants) {
    return run(ruleset, seed, legit, episodesPerScenario, cards, merchants, DEFAULT_START,
        TrafficGenerator.worlds().get(0), DEFAULT_WARM_UP_DAYS);
  }

  /** The day a report covers unless told otherwise: fixed, so that a report reproduces. */
  public static final Instant DEFAULT_START = Instant.parse("2026-06-01T00:00:00Z");

  /** Days of ordinary traffic screened before the measured one unless told otherwise. */
  public static final int DEFAULT_WARM_UP_DAYS = 3;

  /**
   * The day from {@code start}, drawn from the world named {@code world}, after {@code warmUpDays} days of the same
   * cardholders' ordinary traffic screened first and not counted: a card's history features (its median, its
   * z-score, its countries) then see the history a production card has, not a card met for the first time.
   */
  public static Map<Label, Tally> run(Ruleset ruleset, long seed, int legit, int episodesPerScenario, int cards,
      int merchants, Instant start, String world, int warmUpDays) {
    LabelledDay.Warmed day = LabelledDay.generate(seed, start.toEpochMilli(), legit, episodesPerScenario,
        cards, merchants, Duration.ofDays(1), world, warmUpDays);
    Map<Label, Tally> tallies = new EnumMap<>(Label.class);
    screen(ruleset, day.warmUp(), day.measured(), (labelled, audit) ->
        count(tallies.computeIfAbsent(labelled.label(), l -> new Tally()), labelled, audit));
    return tallies;
  }

  /** Screens a generated day offline with {@code ruleset}: each transaction's audit event, with its label. */
  public static void screen(Ruleset ruleset, List<LabelledDay.Labelled> day,
      BiConsumer<LabelledDay.Labelled, AuditEvent> each) {
    screen(ruleset, List.of(), day, each);
  }

  /** As above, after screening {@code warmUp} through the same state without reporting it. */
  public static void screen(Ruleset ruleset, List<LabelledDay.Labelled> warmUp, List<LabelledDay.Labelled> day,
      BiConsumer<LabelledDay.Labelled, AuditEvent> each) {
    try (BacktestDriver driver = new BacktestDriver(Map.of(), List.of(ruleset))) {
      long[] line = {0};
      warmUp.forEach(labelled -> feed(driver, ++line[0], labelled, (l, audit) -> {}));
      day.forEach(labelled -> feed(driver, ++line[0], labelled, each));
    }
  }

  private static void feed(BacktestDriver driver, long line, LabelledDay.Labelled labelled,
      BiConsumer<LabelledDay.Labelled, AuditEvent> each) {
    if (labelled.event() instanceof TrafficGenerator.StatusEvent s) {
      driver.accept(new StatusRow(line, s.status()), null);
    } else if (labelled.event() instanceof TrafficGenerator.TransactionEvent t) {
      Transaction tx = t.transaction();
      driver.accept(new TransactionRow(line, tx.getCardToken(), tx, labelled.label().name()),
          new BacktestDriver.Listener() {
            @Override
            public void screened(TransactionRow row, List<OfflineScreening.Screened> screened) {
              each.accept(labelled, screened.get(0).audit());
            }

            @Override
            public void unreadable(HistoryRecord.BadRow row) {
              throw new IllegalStateException("generated history is always readable: " + row);
            }
          });
    }
  }

  private static void count(Tally tally, LabelledDay.Labelled labelled, AuditEvent audit) {
    tally.transactions++;
    Outcome outcome = audit.getDecision().getOutcome();
    if (outcome == Outcome.BLOCK) {
      tally.blocked++;
      boolean byStatus = audit.getStatuses().stream()
          .anyMatch(s -> StatusReasons.reasonFor(s.getEntityType(), s.getStatus()) != null);
      tally.statusBlocked += byStatus ? 1 : 0;
    } else if (outcome == Outcome.REVIEW) {
      tally.reviewed++;
    }
    tally.retriesRecognised += audit.getDecision().getRetry() ? 1 : 0;
    if (outcome != Outcome.ALLOW) {
      audit.getRules().stream().filter(r -> r.getFired() && r.getMode() == RuleMode.ENFORCE)
          .forEach(r -> tally.flaggedBy.merge(r.getRuleId(), 1, Integer::sum));
    }
    if (labelled.step() >= labelled.label().firstCounted() || labelled.episode() == 0) {
      tally.counted++;
      tally.countedCaught += outcome != Outcome.ALLOW ? 1 : 0;
    }
    if (labelled.episode() > 0) {
      tally.episodes.add(labelled.episode());
      if (outcome != Outcome.ALLOW) {
        tally.episodesCaught.add(labelled.episode());
      }
    }
  }

  /** Several days side by side: per scenario the transaction recall (and the episodes, when not all were caught). */
  public static final class Matrix {
    private final Ruleset ruleset;
    private final Map<Label, Double> worstRecall = new EnumMap<>(Label.class);
    private double worstBlock;
    private double worstReview;
    private boolean everyEpisode = true;

    public Matrix(Ruleset ruleset) {
      this.ruleset = ruleset;
    }

    public String header() {
      StringBuilder out = new StringBuilder(String.format("ruleset %s: tx recall %% per scenario (episodes caught"
          + " when not all); ordinary transactions blocked by rules and reviewed, %%%n%n%-16s %4s", ruleset.version(),
          "world", "seed"));
      for (Label label : Label.values()) {
        if (label.isFraud()) {
          out.append(String.format(" %13s", abbreviation(label)));
        }
      }
      return out.append(String.format(" %7s %7s%n", "block", "review")).toString();
    }

    public String line(String world, long seed, Map<Label, Tally> tallies) {
      StringBuilder out = new StringBuilder(String.format("%-16s %4d", world, seed));
      for (Label label : Label.values()) {
        if (!label.isFraud()) {
          continue;
        }
        Tally t = tallies.getOrDefault(label, new Tally());
        worstRecall.merge(label, t.recall(), Math::min);
        boolean all = t.episodesCaught.size() == t.episodes.size();
        everyEpisode &= all;
        out.append(String.format(" %13s", String.format("%.1f", 100 * t.recall())
            + (all ? "" : " " + t.episodesCaught.size() + "/" + t.episodes.size())));
      }
      Tally legit = tallies.getOrDefault(Label.LEGIT, new Tally());
      worstBlock = Math.max(worstBlock, legit.blockRate());
      worstReview = Math.max(worstReview, legit.reviewRate());
      return out.append(String.format(" %7.3f %7.3f%n", 100 * legit.blockRate(), 100 * legit.reviewRate()))
          .toString();
    }

    public String worst() {
      StringBuilder out = new StringBuilder(String.format("%-21s", "worst"));
      for (Label label : Label.values()) {
        if (label.isFraud()) {
          out.append(String.format(" %13.1f", 100 * worstRecall.getOrDefault(label, 0.0)));
        }
      }
      return out.append(String.format(" %7.3f %7.3f%n", 100 * worstBlock, 100 * worstReview))
          .append(everyEpisode ? "every episode caught\n" : "some episodes missed (see the lines above)\n")
          .toString();
    }

    private static String abbreviation(Label label) {
      String name = label.name();
      return name.length() <= 13 ? name : name.substring(0, 13);
    }
  }

  /** The report as a table for people. */
  public static String format(Ruleset ruleset, Map<Label, Tally> tallies) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("ruleset %s%n%n", ruleset.version()));
    out.append(String.format("%-18s %8s %9s %9s %10s %10s%n", "scenario", "tx", "blocked", "reviewed",
        "tx recall", "episodes"));
    for (Map.Entry<Label, Tally> e : tallies.entrySet()) {
      Label label = e.getKey();
      Tally t = e.getValue();
      if (!label.isFraud()) {
        continue;
      }
      out.append(String.format("%-18s %8d %9d %9d %9.1f%% %5d/%-4d (%.1f%%)%n", label, t.transactions, t.blocked,
          t.reviewed, 100 * t.recall(), t.episodesCaught.size(), t.episodes.size(), 100 * t.episodeRecall()));
    }
    out.append(String.format("(tx recall counts card testing from the %dth authorisation, a BIN attack from the %dth"
        + " card, splits from the %dnd, slow card testing from the %dth probe, shop hopping from the %dth shop)%n",
        Label.CARD_TESTING.firstCounted(), Label.BIN_ATTACK.firstCounted(), Label.SPLIT_UNDER_LIMIT.firstCounted(),
        Label.SLOW_CARD_TESTING.firstCounted(), Label.SHOP_HOPPING.firstCounted()));
    Tally legit = tallies.getOrDefault(Label.LEGIT, new Tally());
    out.append(String.format("%nlegitimate transactions: %d; blocked by rules %d (%.3f%%), reviewed %d (%.3f%%),"
            + " blocked by entity status %d%n", legit.transactions, legit.blocked - legit.statusBlocked,
        100 * legit.blockRate(), legit.reviewed, 100 * legit.reviewRate(), legit.statusBlocked));
    if (!legit.flaggedBy.isEmpty()) {
      out.append("rules that fired on legitimate transactions blocked or reviewed:");
      legit.flaggedBy.forEach((rule, count) -> out.append(' ').append(rule).append('=').append(count));
      out.append(System.lineSeparator());
    }
    Tally retries = tallies.get(Label.RETRY);
    if (retries != null) {
      out.append(String.format("terminal retries: %d, recognised as retries %d (%.1f%%)%n", retries.transactions,
          retries.retriesRecognised, 100 * retries.retryRecognition()));
    }
    return out.toString();
  }
}
