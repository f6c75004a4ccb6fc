package dev.riskgate.decision;

import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hard blocks from entity status: any blocking status BLOCKs, every such reason is listed strongest first, and the
 * strongest one gives the response code and the retryable flag. No blocking status: ALLOW with 00.
 */
public final class StatusDecider {
  /** Version reported until rulesets arrive: decisions come from entity status alone. */
  public static final String RULESET_VERSION = "status-only-1";

  private StatusDecider() {}

  /** A verdict before it is stamped with transaction, time and coordinates. */
  public record Verdict(Outcome outcome, String responseCode, boolean retryable, int score, List<ReasonCode> reasons) {}

  public static Verdict decide(List<ReasonCode> blockingReasons) {
    if (blockingReasons.isEmpty()) {
      return new Verdict(Outcome.ALLOW, ResponseCodes.APPROVED, false, 0, List.of());
    }
    List<ReasonCode> ordered = new ArrayList<>(blockingReasons);
    ordered.sort(Comparator.comparingInt((ReasonCode r) -> ReasonCatalog.of(r).severity()).reversed());
    ReasonCatalog.Reason strongest = ReasonCatalog.of(ordered.get(0));
    return new Verdict(Outcome.BLOCK, strongest.responseCode(), strongest.retryable(), 0, List.copyOf(ordered));
  }
}
