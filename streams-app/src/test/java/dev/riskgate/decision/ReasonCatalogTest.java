package dev.riskgate.decision;

import dev.riskgate.rules.ReasonCatalog;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.Status;
import dev.riskgate.status.StatusReasons;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class ReasonCatalogTest {
  @Test
  void everyReasonCodeHasAResponseCodeAndTextInEnglishAndChinese() {
    for (ReasonCode code : ReasonCode.values()) {
      ReasonCatalog.Reason reason = ReasonCatalog.of(code);
      assertThat(reason).as(code.name()).isNotNull();
      assertThat(reason.responseCode()).matches("\\d\\d");
      assertThat(reason.english()).isNotBlank();
      assertThat(reason.chinese()).isNotBlank().matches(".*\\p{IsHan}.*");
    }
  }

  @Test
  void lostStolenAndClosedAreNeverRetryable() {
    for (ReasonCode code : new ReasonCode[] {ReasonCode.CARD_LOST, ReasonCode.CARD_STOLEN, ReasonCode.ACCOUNT_CLOSED,
        ReasonCode.CARD_CLOSED}) {
      assertThat(ReasonCatalog.of(code).retryable()).as(code.name()).isFalse();
    }
    assertThat(ReasonCatalog.of(ReasonCode.VELOCITY_COUNT).retryable()).isTrue();
  }

  @Test
  void everyNonActiveStatusOfEveryEntityBlocks() {
    for (EntityType type : EntityType.values()) {
      for (Status status : Status.values()) {
        ReasonCode reason = StatusReasons.reasonFor(type, status);
        assertThat(reason == null).as(type + " " + status).isEqualTo(status == Status.ACTIVE);
      }
    }
  }
}
