package dev.riskgate.screening;

/**
 * The names the screening topology gives its nodes, stores and internal topics. State directories, changelog and
 * repartition topics and interactive queries find state by them, so a name never changes once released
 * (PublicSurfaceTest pins them).
 */
public final class ScreeningNames {
  public static final String TRANSACTIONS_SOURCE = "transactions-source";
  public static final String SCREEN = "screen";
  public static final String MERCHANT = "merchant";
  /** Candidate rulesets deciding beside the ruleset in force. */
  public static final String CANDIDATES = "candidates";
  public static final String CANDIDATE_DECISIONS_SINK = "candidate-decisions-sink";
  public static final String DECISIONS_SINK = "decisions-sink";
  public static final String AUDIT_SINK = "audit-sink";
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";
  public static final String MERCHANT_FEATURES_SINK = "merchant-features-sink";
  /** The merchant-keyed hop: an internal repartition topic, {@code <application.id>-card-screened-repartition}. */
  public static final String HOP = "card-screened";
  public static final String DEDUPE_STORE = "dedupe-store";
  public static final String STATUS_STORE = "entity-status-store";
  public static final String CARD_PROFILE_STORE = "card-profile-store";
  public static final String RULESET_STORE = "risk-rules-store";
  public static final String MERCHANT_PROFILE_STORE = "merchant-profile-store";
  public static final String DECISION_STORE = "decision-memory-store";
  public static final String CANDIDATE_DECISION_STORE = "candidate-decision-memory-store";
  public static final String ALIGNMENT_STORE = "alignment-store";
  public static final String WATERMARK_STORE = "watermark-store";
  /** The merchant side's tiny payments and progress, on their way to the area side. */
  public static final String TO_AREAS = "to-areas";
  /** The area-keyed hop: an internal repartition topic, {@code <application.id>-merchant-screened-repartition}. */
  public static final String AREA_HOP = "merchant-screened";
  public static final String AREA = "area";
  public static final String AREA_CANDIDATES = "area-candidates";
  public static final String AREA_PROFILE_STORE = "area-profile-store";
  public static final String AREA_DECISION_STORE = "area-decision-memory-store";
  public static final String AREA_CANDIDATE_DECISION_STORE = "area-candidate-decision-memory-store";
  public static final String AREA_ALIGNMENT_STORE = "area-alignment-store";
  public static final String AREA_WATERMARK_STORE = "area-watermark-store";

  private ScreeningNames() {}
}
