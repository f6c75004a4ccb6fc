package dev.riskgate.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.RuleMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiredRulesTest {

  @Test
  void aRetryEvaluatedNothing() {
    assertThat(FiredRules.of(List.of())).isSameAs(FiredRules.NONE);
    assertThat(FiredRules.NONE.joined()).isEmpty();
  }

  @Test
  void noneFired() {
    FiredRules fired = FiredRules.of(evaluations(false, false, false));
    assertThat(fired.joined()).isEmpty();
    assertThat(fired.indexes()).isEmpty();
    assertThat(fired.evaluated()).isEqualTo(3);
  }

  @Test
  void theFiredInRulesetOrderShadowIncluded() {
    FiredRules one = FiredRules.of(evaluations(false, true, false));
    assertThat(one.joined()).isEqualTo("rule-1");
    assertThat(one.indexes()).containsExactly(1);

    boolean[] many = new boolean[12];
    for (int i = 0; i < many.length; i += 2) {
      many[i] = true;
    }
    FiredRules six = FiredRules.of(evaluations(many));
    assertThat(six.joined()).isEqualTo("rule-0|rule-2|rule-4|rule-6|rule-8|rule-10");
    assertThat(six.indexes()).containsExactly(0, 2, 4, 6, 8, 10);
    assertThat(six.evaluated()).isEqualTo(12);
  }

  private static List<RuleEvaluation> evaluations(boolean... fired) {
    List<RuleEvaluation> rules = new ArrayList<>();
    for (int i = 0; i < fired.length; i++) {
      rules.add(new RuleEvaluation("rule-" + i, "v1", i % 3 == 0 ? RuleMode.SHADOW : RuleMode.ENFORCE, fired[i],
          1.0, 2.0, ReasonCode.VELOCITY_COUNT));
    }
    return rules;
  }
}
