package dev.riskgate.analyst;

import dev.riskgate.topics.Topic;
import dev.riskgate.topics.Topics;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The riskgate topics an analyst can inspect, with what each record can be filtered on. */
public enum TopicKind {
  TRANSACTIONS(Topics::transactions, EnumSet.of(Fact.CARD, Fact.ACCOUNT, Fact.MERCHANT, Fact.TERMINAL, Fact.AMOUNT)),
  DECISIONS(Topics::decisions, EnumSet.of(Fact.CARD, Fact.OUTCOME, Fact.REASON, Fact.RESPONSE_CODE)),
  CANDIDATE_DECISIONS(Topics::candidateDecisions, EnumSet.of(Fact.CARD, Fact.OUTCOME, Fact.REASON,
      Fact.RESPONSE_CODE)),
  AUDIT(Topics::audit, EnumSet.allOf(Fact.class)),
  ENTITY_STATUS(Topics::entityStatus, EnumSet.of(Fact.CARD, Fact.ACCOUNT, Fact.MERCHANT)),
  RISK_RULES(Topics::riskRules, EnumSet.noneOf(Fact.class)),
  DEAD_LETTERS(Topics::deadLetters, EnumSet.of(Fact.CARD)),
  MERCHANT_FEATURES(Topics::merchantFeatures, EnumSet.of(Fact.MERCHANT)),
  FRAUD_LABELS(Topics::fraudLabels, EnumSet.of(Fact.CARD)),
  LABEL_DEAD_LETTERS(Topics::fraudLabelDeadLetters, EnumSet.of(Fact.CARD));

  /** What a filter can look at. */
  public enum Fact { CARD, ACCOUNT, MERCHANT, TERMINAL, OUTCOME, REASON, RESPONSE_CODE, RULE, AMOUNT }

  private final Function<Topics, Topic<?, ?>> topic;
  private final Set<Fact> facts;

  TopicKind(Function<Topics, Topic<?, ?>> topic, Set<Fact> facts) {
    this.topic = topic;
    this.facts = facts;
  }

  public Topic<?, ?> topic(Topics topics) {
    return topic.apply(topics);
  }

  public Set<Fact> facts() {
    return facts;
  }

  /** Decisions and audit events can be summarised by outcome and reason. */
  public boolean hasDecisions() {
    return this == DECISIONS || this == CANDIDATE_DECISIONS || this == AUDIT;
  }

  /** Keys of these topics are card tokens, masked like every other token. */
  public boolean keyedByCard() {
    return this == TRANSACTIONS || this == DECISIONS || this == CANDIDATE_DECISIONS || this == AUDIT
        || this == DEAD_LETTERS || this == FRAUD_LABELS || this == LABEL_DEAD_LETTERS;
  }

  /** The kind of a topic given by its full name ({@code staging.audit}) or its name without the prefix. */
  public static TopicKind of(String name, Topics topics, String prefix) {
    for (TopicKind kind : values()) {
      String full = kind.topic(topics).name();
      if (full.equals(name) || full.equals(prefix + name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not a riskgate topic; one of: " + Arrays.stream(values())
        .map(k -> k.topic(topics).name()).collect(Collectors.joining(", ")));
  }
}
