package dev.riskgate.analyst;

import dev.riskgate.privacy.CardTokens;
import dev.riskgate.schema.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalystArgumentsTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void timesAreRelativeAbsoluteLocalUtcOrADate() {
    assertThat(TimeArgument.parse("-15m", NOW)).isEqualTo("2026-11-26T09:45:00Z");
    assertThat(TimeArgument.parse("-2h", NOW)).isEqualTo("2026-11-26T08:00:00Z");
    assertThat(TimeArgument.parse("-1d", NOW)).isEqualTo("2026-11-25T10:00:00Z");
    assertThat(TimeArgument.parse("2026-11-26T08:15", NOW)).isEqualTo("2026-11-26T08:15:00Z");
    assertThat(TimeArgument.parse("2026-11-26", NOW)).isEqualTo("2026-11-26T00:00:00Z");
    assertThatThrownBy(() -> TimeArgument.parse("yesterday", NOW)).hasMessageContaining("-15m");
  }

  @Test
  void startPositionsParseEveryForm() {
    assertThat(StartPosition.parse("beginning", NOW)).isInstanceOf(StartPosition.Beginning.class);
    assertThat(StartPosition.parse("end", NOW)).isInstanceOf(StartPosition.End.class);
    assertThat(StartPosition.parse("offset:-10", NOW)).isEqualTo(new StartPosition.AtOffset(-10));
    assertThat(StartPosition.parse("-15m", NOW)).isEqualTo(new StartPosition.AtTime(NOW.minusSeconds(900)));
    assertThatThrownBy(() -> StartPosition.parse("offset:x", NOW)).hasMessageContaining("whole number");
  }

  @Test
  void aFilterTheTopicCannotAnswerIsNamed() {
    RecordFilter outcome = new RecordFilter(List.of(), List.of(), List.of(), List.of(), List.of(Outcome.BLOCK),
        List.of(), List.of(), List.of(), null, null);
    assertThat(outcome.problemsFor(TopicKind.TRANSACTIONS, "transactions"))
        .containsExactly("--outcome does not apply to transactions (its records carry no outcome)");
    assertThat(outcome.problemsFor(TopicKind.AUDIT, "audit")).isEmpty();
  }

  @Test
  void aCardTokenIsStarredOutInsideRawBytesKeepingTheLength() {
    byte[] bytes = "\u0000xxtok_abcdefgh1234yy".getBytes(StandardCharsets.UTF_8);
    byte[] masked = CardTokens.maskIn(bytes, "tok_abcdefgh1234");
    assertThat(new String(masked, StandardCharsets.UTF_8)).isEqualTo("\u0000xxtok_********1234yy");
    assertThat(CardTokens.mask("tok_abcdefgh1234")).isEqualTo("tok_…1234");
  }
}
