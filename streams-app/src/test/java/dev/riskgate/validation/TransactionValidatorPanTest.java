package dev.riskgate.validation;

import dev.riskgate.privacy.TokenRanges;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** Card numbers are refused in every text of every input; network tokens only where they are declared. */
class TransactionValidatorPanTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private static final String PAN = BadInputs.withCheckDigit("411111111111111");
  private static final String NETWORK_TOKEN = BadInputs.withCheckDigit("489537000012346");
  private final TransactionValidator validator = new TransactionValidator(Duration.ofMinutes(5),
      Duration.ofDays(400), TokenRanges.parse("489537", "validation.token.ranges", new ArrayList<>()));

  @Test
  void aCardTokenInADeclaredRangeIsScreenedLikeAnyToken() {
    Transaction tx = transaction(NETWORK_TOKEN);
    assertThat(validator.validateEnvelope(NETWORK_TOKEN, new RecordHeaders())).isNull();
    assertThat(validator.validate(NETWORK_TOKEN, tx, NOW.toEpochMilli())).isNull();
  }

  @Test
  void aNetworkTokenOutsideTheCardTokenIsStillACardNumber() {
    Transaction tx = transaction("tok_card1");
    tx.setTerminalId(NETWORK_TOKEN);
    assertThat(validator.validate("tok_card1", tx, NOW.toEpochMilli()).kind()).isEqualTo(ErrorKind.PAN_DETECTED);
    assertThat(validator.validate(PAN, transaction(PAN), NOW.toEpochMilli()).kind())
        .isEqualTo(ErrorKind.PAN_DETECTED);
  }

  @Test
  void headersAndKeysAreScannedBeforeDecoding() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", ("pan=" + PAN).getBytes(StandardCharsets.UTF_8));
    Rejection rejection = validator.validateEnvelope("tok_card1", headers);
    assertThat(rejection.kind()).isEqualTo(ErrorKind.PAN_DETECTED);
    assertThat(rejection.message()).contains("header 'trace'").doesNotContain(PAN);
    assertThat(validator.validateEnvelope("tok_" + PAN, new RecordHeaders()).kind())
        .isEqualTo(ErrorKind.PAN_DETECTED);
  }

  @Test
  void aStatusChangeCarryingACardNumberInAnyTextIsRefused() {
    String grouped = PAN.substring(0, 4) + "-" + PAN.substring(4, 8) + "-" + PAN.substring(8, 12) + "-"
        + PAN.substring(12);
    EntityStatus card = status(EntityType.CARD, NETWORK_TOKEN, "lost", "card-ops");
    assertThat(validator.validateStatus(card)).isNull();
    assertThat(validator.validateStatus(status(EntityType.ACCOUNT, NETWORK_TOKEN, "x", "core")).kind())
        .isEqualTo(ErrorKind.PAN_DETECTED);
    Rejection reason = validator.validateStatus(status(EntityType.CARD, "tok_1", "reported as " + grouped, "ops"));
    assertThat(reason.message()).startsWith("reason carries a card number").doesNotContain(grouped);
    assertThat(validator.validateStatus(status(EntityType.MERCHANT, "m1", null, "desk " + PAN)).message())
        .startsWith("source carries");
  }

  private static Transaction transaction(String card) {
    return Transaction.newBuilder().setTransactionId("tx-1").setCardToken(card).setAccountId("acc_1")
        .setMerchantId("mer_1").setTerminalId("term_1").setMcc("5411").setAmountMinor(1_250).setCurrency("EUR")
        .setEntryMode(EntryMode.CHIP).setEventTime(NOW).setCountry("DE").setAcquirerId("acq_1").build();
  }

  private static EntityStatus status(EntityType type, String id, String reason, String source) {
    return EntityStatus.newBuilder().setEntityType(type).setEntityId(id).setStatus(Status.LOST).setReason(reason)
        .setEffectiveTime(NOW).setSource(source).build();
  }
}
