package dev.riskgate.it;

import dev.riskgate.backtest.BacktestDriver;
import dev.riskgate.history.HistoryReader;
import dev.riskgate.history.HistoryRecord;
import dev.riskgate.rules.Ruleset;
import dev.riskgate.rules.RulesetParser;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.schema.Decision;
import dev.riskgate.topology.OfflineScreening;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/**
 * The fault-free reference live decisions are held to: the offline backtest of the same input with the card-side
 * ruleset, the default one without its merchant-, terminal- and area-feature rules. Through kills and restarts a
 * merchant or area partition stops waiting for an upstream task silent for 30 s and decides what that task sends
 * later as late (docs/architecture.md, "One answer whatever the pace"), so only rules over card, transaction and
 * status facts can be held to exact equality there.
 */
public final class CardSideBacktest {
  public static final String VERSION = "card-side";
  // live it is the instance's clock when the original was decided, offline the event time: it never matches
  private static final String DECIDED_AT = "decidedAt";

  private CardSideBacktest() {}

  /** The default ruleset's document without the rules that read merchant, terminal or area features. */
  public static String document() {
    String[] parts = Rulesets.defaultDocument().split("\n  - id: ");
    StringBuilder out = new StringBuilder(parts[0].replaceFirst("(?m)^version: .*$", "version: " + VERSION));
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].contains("merchant.") && !parts[i].contains("terminal.") && !parts[i].contains("area.")) {
        out.append("\n  - id: ").append(parts[i]);
      }
    }
    return out.toString();
  }

  public static Ruleset ruleset() {
    return RulesetParser.parse(document());
  }

  /**
   * Backtests {@code source} (default settings, as the live instances run) with {@code ruleset}, handing every
   * decision to {@code decided} in input order; returns how many. A record that does not read, or is dead-lettered,
   * fails: the inputs compared are all valid.
   */
  public static long run(HistoryReader source, Ruleset ruleset, Consumer<Decision> decided) throws IOException {
    return run(source, ruleset, decided, row -> {
      throw new AssertionError("unreadable row " + row);
    });
  }

  /** As above, handing a record that does not read to {@code unreadable} (the inputs hold bad records on purpose). */
  public static long run(HistoryReader source, Ruleset ruleset, Consumer<Decision> decided,
      Consumer<HistoryRecord.BadRow> unreadable) throws IOException {
    long[] count = {0};
    try (BacktestDriver driver = new BacktestDriver(Map.of(), List.of(ruleset))) {
      driver.run(source, new BacktestDriver.Listener() {
        @Override
        public void screened(HistoryRecord.TransactionRow row, List<OfflineScreening.Screened> screened) {
          Decision decision = screened.get(0).decision();
          if (decision == null) {
            throw new AssertionError("backtest dead-lettered row " + row.line() + ": "
                + screened.get(0).deadLetter().getErrorKind());
          }
          decided.accept(decision);
          count[0]++;
        }

        @Override
        public void unreadable(HistoryRecord.BadRow row) {
          unreadable.accept(row);
        }
      });
    }
    return count[0];
  }

  /** One key per decision: the transactionId, with "/retry" for the repeat of one already decided. */
  public static String keyOf(Decision d) {
    return d.getTransactionId() + (d.getRetry() ? "/retry" : "");
  }

  /**
   * The fields in which a live decision differs from the backtest's, as "field: live X, backtest Y"; empty when they
   * agree on everything that must be equal (every field but decidedAt: outcome, response code, retryable, reasons,
   * score, ruleset version, event time, card, retry flag).
   */
  public static List<String> differences(Decision live, Decision backtest) {
    List<String> differences = new ArrayList<>();
    for (Schema.Field field : Decision.getClassSchema().getFields()) {
      Object a = live.get(field.pos());
      Object b = backtest.get(field.pos());
      if (!field.name().equals(DECIDED_AT) && !Objects.equals(a, b)) {
        differences.add(field.name() + ": live " + a + ", backtest " + b);
      }
    }
    return differences;
  }
}
