package dev.riskgate.testing;

import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.EntryMode;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Outcome;
import dev.riskgate.schema.ReasonCode;
import dev.riskgate.schema.RuleEvaluation;
import dev.riskgate.schema.RuleMode;
import dev.riskgate.schema.Status;
import dev.riskgate.schema.StatusCheck;
import dev.riskgate.schema.Transaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One valid record of each contract type, with every optional field filled so a round trip covers unions, arrays,
 * maps and nested records. Card fields hold tokens, never card numbers.
 */
public final class TestRecords {
  public static final Instant EVENT_TIME = Instant.parse("2026-03-01T12:00:00.123Z");

  private TestRecords() {}

  public static Transaction transaction(String id) {
    return Transaction.newBuilder()
        .setTransactionId(id)
        .setCardToken("tok_4f3a9c1e")
        .setAccountId("acc_0001")
        .setMerchantId("mer_0042")
        .setTerminalId("term_7")
        .setMcc("5411")
        .setAmountMinor(12_345L)
        .setCurrency("EUR")
        .setEntryMode(EntryMode.CONTACTLESS)
        .setEventTime(EVENT_TIME)
        .setCountry("DE")
        .setLatitude(52.52)
        .setLongitude(13.405)
        .setAcquirerId("acq_1")
        .build();
  }

  public static EntityStatus entityStatus() {
    return EntityStatus.newBuilder()
        .setEntityType(EntityType.CARD)
        .setEntityId("tok_4f3a9c1e")
        .setStatus(Status.STOLEN)
        .setReason("reported by holder")
        .setEffectiveTime(EVENT_TIME)
        .setSource("card-ops")
        .build();
  }

  public static Decision decision() {
    return Decision.newBuilder()
        .setTransactionId("tx-1")
        .setCardToken("tok_4f3a9c1e")
        .setOutcome(Outcome.BLOCK)
        .setResponseCode("43")
        .setRetryable(false)
        .setReasons(List.of(ReasonCode.CARD_STOLEN, ReasonCode.VELOCITY_COUNT))
        .setScore(120)
        .setRulesetVersion("2026.03.1")
        .setEventTime(EVENT_TIME)
        .setDecidedAt(EVENT_TIME.plusMillis(7))
        .setRetry(false)
        .build();
  }

  public static AuditEvent auditEvent() {
    return AuditEvent.newBuilder()
        .setDecision(decision())
        .setTransaction(transaction("tx-1"))
        .setRules(List.of(RuleEvaluation.newBuilder()
            .setRuleId("velocity-count")
            .setRuleVersion("2026.03.1")
            .setMode(RuleMode.ENFORCE)
            .setFired(true)
            .setObserved(9.0)
            .setThreshold(5.0)
            .setReason(ReasonCode.VELOCITY_COUNT)
            .build()))
        .setStatuses(List.of(StatusCheck.newBuilder()
            .setEntityType(EntityType.CARD)
            .setEntityId("tok_4f3a9c1e")
            .setStatus(Status.STOLEN)
            .setEffectiveTime(EVENT_TIME)
            .build()))
        .setFeatures(Map.of("card.count.1h", 9.0, "card.amount.1h", 1234.5))
        .setInputTopic("transactions")
        .setInputPartition(3)
        .setInputOffset(42L)
        .setOriginalPartition(null)
        .setOriginalOffset(null)
        .setInstanceId("riskgate-0")
        .setAppVersion("0.1.0-SNAPSHOT")
        .build();
  }

  public static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setSourceTopic("transactions")
        .setSourcePartition(1)
        .setSourceOffset(99L)
        .setSourceTimestamp(EVENT_TIME)
        .setKey(ByteBuffer.wrap("tok_4f3a9c1e".getBytes(StandardCharsets.UTF_8)))
        .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setErrorKind(ErrorKind.UNKNOWN_MAGIC_BYTE)
        .setErrorMessage("unknown magic byte 0x01")
        .setFailedAt(EVENT_TIME.plusSeconds(1))
        .setInstanceId("riskgate-0")
        .build();
  }
}
