package dev.riskgate.rules;

import dev.riskgate.features.FeatureVector;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.RuleMode;
import dev.riskgate.schema.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides: hard blocks from entity status first; otherwise the sum of the weights of fired ENFORCE rules against the
 * ruleset's thresholds, with forced actions on top. Reasons are ordered strongest first and the strongest gives the
 * response code. A REVIEW approves (00) and queues the transaction for an analyst. SHADOW rules are evaluated and
 * reported with the outcome they would have produced, and never change the decision.
 */
public final class RuleEngine {
  private static final Comparator<Rule> STRONGEST_FIRST = Comparator.comparingInt(Rule::strength).reversed();
  private static final Comparator<ReasonCode> SEVEREST_FIRST =
      Comparator.comparingInt((ReasonCode r) -> ReasonCatalog.of(r).severity()).reversed();

  private RuleEngine() {}

  /** The decision, every rule's evaluation, and the outcome had the shadow rules been enforced. */
  public record Result(Outcome outcome, String responseCode, boolean retryable, int score, List<ReasonCode> reasons,
      List<RuleEvaluation> evaluations, Outcome shadowOutcome, int shadowScore) {}

  /**
   * The reasons that block whatever the rules say: the entity statuses' ({@code statusReasons}), and a currency the
   * ruleset's tables do not list (its amount cannot be judged, and is not guessed at).
   */
  public static List<ReasonCode> hardReasons(Ruleset ruleset, Transaction tx, List<ReasonCode> statusReasons) {
    if (ruleset.currencies().knows(tx.getCurrency())) {
      return statusReasons;
    }
    List<ReasonCode> reasons = new ArrayList<>(statusReasons);
    reasons.add(ReasonCode.UNKNOWN_CURRENCY);
    return reasons;
  }

  public static Result decide(Ruleset ruleset, FeatureVector features, List<ReasonCode> statusReasons) {
    List<RuleEvaluation> evaluations = new ArrayList<>(ruleset.rules().size());
    List<Rule> firedEnforced = new ArrayList<>();
    List<Rule> firedShadow = new ArrayList<>();
    for (Rule rule : ruleset.rules()) {
      double observed = features.get(rule.feature());
      boolean fired = rule.firesOn(features);
      evaluations.add(new RuleEvaluation(rule.id(), ruleset.version(), rule.mode(), fired,
          BoxedDoubles.of(observed), BoxedDoubles.of(rule.threshold()), rule.reason()));
      if (fired) {
        (rule.mode() == RuleMode.ENFORCE ? firedEnforced : firedShadow).add(rule);
      }
    }
    firedEnforced.sort(STRONGEST_FIRST);
    int score = weightOf(firedEnforced);
    int shadowScore = score + weightOf(firedShadow);
    Outcome shadowOutcome = statusReasons.isEmpty()
        ? outcomeOf(ruleset, shadowScore, firedEnforced, firedShadow) : Outcome.BLOCK;

    if (!statusReasons.isEmpty()) {
      List<ReasonCode> reasons = new ArrayList<>(statusReasons);
      reasons.sort(SEVEREST_FIRST);
      firedEnforced.forEach(r -> addOnce(reasons, r.reason()));
      ReasonCatalog.Reason strongest = ReasonCatalog.of(reasons.get(0));
      return new Result(Outcome.BLOCK, strongest.responseCode(), strongest.retryable(), score, frozen(reasons),
          evaluations, shadowOutcome, shadowScore);
    }
    Outcome outcome = outcomeOf(ruleset, score, firedEnforced, List.of());
    List<ReasonCode> reasons = new ArrayList<>();
    firedEnforced.forEach(r -> addOnce(reasons, r.reason()));
    if (outcome != Outcome.BLOCK) {
      return new Result(outcome, ResponseCodes.APPROVED, false, score, frozen(reasons), evaluations,
          shadowOutcome, shadowScore);
    }
    Rule strongest = firedEnforced.get(0);
    String code = strongest.responseCode() != null ? strongest.responseCode()
        : ReasonCatalog.of(strongest.reason()).responseCode();
    return new Result(outcome, code, ReasonCatalog.of(strongest.reason()).retryable(), score, frozen(reasons),
        evaluations, shadowOutcome, shadowScore);
  }

  /** The outcome of the fired rules (in any order) and their score: a forced action or a threshold reached. */
  private static Outcome outcomeOf(Ruleset ruleset, int score, List<Rule> fired, List<Rule> moreFired) {
    Rule.Action forced = strongestAction(strongestAction(null, fired), moreFired);
    if (forced == Rule.Action.BLOCK || score >= ruleset.blockAt()) {
      return Outcome.BLOCK;
    }
    return forced == Rule.Action.REVIEW || score >= ruleset.reviewAt() ? Outcome.REVIEW : Outcome.ALLOW;
  }

  /** BLOCK over REVIEW over {@code so far}: the strongest action the rules force, null when none does. */
  private static Rule.Action strongestAction(Rule.Action soFar, List<Rule> rules) {
    Rule.Action strongest = soFar;
    for (int i = 0; i < rules.size() && strongest != Rule.Action.BLOCK; i++) {
      Rule.Action action = rules.get(i).action();
      if (action == Rule.Action.BLOCK || action == Rule.Action.REVIEW) {
        strongest = action;
      }
    }
    return strongest;
  }

  private static int weightOf(List<Rule> rules) {
    int weight = 0;
    for (Rule r : rules) {
      weight += r.weight();
    }
    return weight;
  }

  /** An unmodifiable copy; none or one reason, nearly every decision, without copying an array. */
  private static List<ReasonCode> frozen(List<ReasonCode> reasons) {
    return switch (reasons.size()) {
      case 0 -> List.of();
      case 1 -> List.of(reasons.get(0));
      default -> List.copyOf(reasons);
    };
  }

  private static void addOnce(List<ReasonCode> reasons, ReasonCode reason) {
    if (!reasons.contains(reason)) {
      reasons.add(reason);
    }
  }
}
